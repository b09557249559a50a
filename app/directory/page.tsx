import { redirect } from "next/navigation";

// The source directory starts at its users, as Entra's does.
export default function DirectoryPage() {
  redirect("/directory/users");
}
