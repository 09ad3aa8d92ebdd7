/** The SDK's version, aligned with the server's (package.json says the same; a unit test checks). */
export const VERSION = "0.1.0-SNAPSHOT";
