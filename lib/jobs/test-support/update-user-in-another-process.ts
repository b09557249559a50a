import { updateUser } from "../../directory/update-user";

// Changes a user's job title from a process of its own, as the CLI would: node --import tsx <this> <id> <title>
const [id, jobTitle] = process.argv.slice(2);
updateUser({ id, jobTitle }, "test").then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
