/** One mention line: `PMID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>identifier[<TAB>...]]`. */
export interface PubTatorMention {
  start: number;
  end: number;
  text: string;
  type: string;
  /** Concept id(s); BioRED joins several with commas. Absent when the line has 5 columns. */
  identifier?: string;
  /** Columns after the identifier (e.g. CDR's composite-mention names), kept verbatim. */
  extra: string[];
}

/** One relation line: `PMID<TAB>type<TAB>id1<TAB>id2[<TAB>novelty[<TAB>...]]` (BioRED adds `Novel`/`No`). */
export interface PubTatorRelation {
  type: string;
  id1: string;
  id2: string;
  /** BioRED's `Novel` / `No`; absent when the line has 4 columns. */
  novel?: string;
  extra: string[];
}

/** A PubTator document: title and abstract lines, then its mentions and relations. */
export interface PubTatorDocument {
  id: string;
  title: string;
  abstract: string;
  mentions: PubTatorMention[];
  relations: PubTatorRelation[];
}
