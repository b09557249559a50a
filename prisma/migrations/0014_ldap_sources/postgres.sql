-- Case-insensitive userPrincipalName lookups (LDAP pages and SCIM pushes check a UPN is free with
-- lower("userPrincipalName") = lower($1)): the same expression index as SQLite's, which no schema can say.
CREATE INDEX "DirectoryUser_userPrincipalName_lower_idx" ON "DirectoryUser"(lower("userPrincipalName"));
