/** Where the official BioRED distribution lives and what it holds. */
export const BIORED_SOURCE = {
  /** NCBI's official archive (Luo et al. 2022); `BIORED_URL` overrides it (a mirror). */
  url: "https://ftp.ncbi.nlm.nih.gov/pub/lu/BioRED/BIORED.zip",
  /**
   * Expected SHA-256 of BIORED.zip, when known. This project was built on a
   * machine without access to NCBI, so no digest is pinned here: the first
   * download records the archive's digest in the cache (`SOURCE.json`) and the
   * cached files are verified against it on every later use. A user who knows
   * the digest sets `BIORED_SHA256` and a mismatching download is rejected.
   */
  sha256: undefined as string | undefined,
  /** Files taken out of the archive (it nests them under `BioRED/`). */
  files: [
    "Train.BioC.JSON",
    "Dev.BioC.JSON",
    "Test.BioC.JSON",
    "Train.BioC.XML",
    "Dev.BioC.XML",
    "Test.BioC.XML",
    "Train.PubTator",
    "Dev.PubTator",
    "Test.PubTator",
  ],
} as const;
