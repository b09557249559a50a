import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { decodeImportFile } from "./decode-import-file";
import { importDirectoryFile } from "./import-directory-file";

// Import files in the encodings people actually save them in.

const csv =
  "version:v1.0\n" +
  "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname]\n" +
  "Jörg Müller,joerg.mueller@contoso.test,x,No,Jörg,Müller\n";

function utf16(text: string, endian: "le" | "be", bom: boolean): Uint8Array {
  const le = Buffer.from(text, "utf16le");
  const bytes = endian === "le" ? le : Buffer.from(le.map((_, i) => le[i ^ 1]!));
  const mark = endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
  return new Uint8Array(bom ? Buffer.concat([Buffer.from(mark), bytes]) : bytes);
}

describe("decodeImportFile", () => {
  it("reads UTF-8 with and without a byte order mark", () => {
    expect(decodeImportFile(Buffer.from(csv, "utf8"))).toBe(csv);
    expect(decodeImportFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, "utf8")]))).toBe(csv);
  });

  it("reads UTF-16, little- and big-endian, with or without a byte order mark", () => {
    for (const endian of ["le", "be"] as const) {
      for (const bom of [true, false]) expect(decodeImportFile(utf16(csv, endian, bom))).toBe(csv);
    }
  });

  it("refuses a Windows-1252 file, naming the line and the byte, instead of importing J�rg M�ller", async () => {
    const latin1 = Buffer.from(csv, "latin1");
    const e = (() => {
      try {
        decodeImportFile(latin1);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(AppError);
    const message = (e as AppError).message;
    expect(message).toMatch(/^The file is not UTF-8: line 3 has the byte 0xF6/);
    expect(message).toContain('the line starts "Jörg Müller,joerg.mueller@contoso.test');
    expect(message).toMatch(/CSV UTF-8/);
  });

  it("imports a UTF-16 file with the names intact", async () => {
    const outcome = await importDirectoryFile(
      {
        fileName: "users.csv",
        text: decodeImportFile(utf16(csv, "le", true)),
      },
      { actor: "test" },
    );
    expect(outcome.status).toBe("imported");
  });
});
