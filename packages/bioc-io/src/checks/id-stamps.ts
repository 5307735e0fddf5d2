// The annotation and relation ids CleanCheck has seen, each with the stamp of
// the last document that used it, so the table is never cleared between
// documents. Real corpora number their ids: BioRED, BC6PM and CDR write
// annotations as "0", "1", ... and relations as "R0", "R1", ... Such an id
// (1-3 digits, no leading zero) is stored in an array at its number:
// reading three characters is cheaper than hashing into a Map that holds
// every id of the file (the JSON fast fill of BioRED Dev took about 0.02x
// of JSON.parse less). Any other id goes to the Map. Each id string has one
// place, decided by the string alone, so equal ids always meet.

/** Numbers below this have a slot (per shape). */
const SLOTS = 1000;
const R = 82;
const ZERO = 48;

/** The slot of a numbered id (`"17"`, `"R17"`), -1 for any other. */
export function numberedSlot(id: string): number {
  const len = id.length;
  let i = 0;
  let base = 0;
  if (len > 1 && id.charCodeAt(0) === R) {
    i = 1;
    base = SLOTS;
  }
  const digits = len - i;
  if (digits === 0 || digits > 3) return -1;
  let n = id.charCodeAt(i) - ZERO;
  // "07" is not "7": only "0" itself may start with a zero
  if (n < 0 || n > 9 || (n === 0 && digits > 1)) return -1;
  for (i++; i < len; i++) {
    const d = id.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return base + n;
}

/** id -> stamp of the last document that used it. */
export class IdStamps {
  // a plain array of small integers: a typed array this size lives outside
  // the heap, and allocating one took more time than a read spends in it
  private readonly numbered: number[] = new Array<number>(2 * SLOTS).fill(0);
  private readonly other = new Map<string, number>();

  /** `id` is marked with `stamp` (stamps are positive: a fresh table marks nothing). */
  has(id: string, stamp: number): boolean {
    const slot = numberedSlot(id);
    return slot >= 0 ? this.numbered[slot] === stamp : this.other.get(id) === stamp;
  }

  /** Marks `id` with `stamp`; false when it already was. */
  add(id: string, stamp: number): boolean {
    const slot = numberedSlot(id);
    if (slot >= 0) {
      if (this.numbered[slot] === stamp) return false;
      this.numbered[slot] = stamp;
      return true;
    }
    if (this.other.get(id) === stamp) return false;
    this.other.set(id, stamp);
    return true;
  }
}
