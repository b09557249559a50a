/** The square logo tile of a gallery template: its letters on its colour. Decorative next to the app's name. */
export function AppLogo({ logo, size = "md" }: { logo: { text: string; color: string }; size?: "sm" | "md" | "lg" }) {
  const sizes = { sm: "h-7 w-7 text-xs", md: "h-10 w-10 text-sm", lg: "h-14 w-14 text-lg" };
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-semibold text-white shadow-sm ${sizes[size]}`}
      style={{ backgroundColor: logo.color }}
    >
      {logo.text}
    </span>
  );
}
