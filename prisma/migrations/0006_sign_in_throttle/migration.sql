-- Sign-in brute-force protection counts attempts per (username, address), per address and per username in
-- one conditional upsert each, instead of reading an attempt log and writing it afterwards (which parallel
-- requests raced past). Successful sign-ins remember their address, so the owner keeps a way in.
DROP TABLE "SignInAttempt";

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "attempts" INTEGER NOT NULL,
    "lastAt" BIGINT NOT NULL,
    "nextAllowedAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "SignInKnownAddress" (
    "username" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "lastSuccessAt" DATETIME NOT NULL,

    PRIMARY KEY ("username", "address")
);
