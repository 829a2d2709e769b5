import { isMap, isScalar, parseAllDocuments, type Document } from 'yaml';
import { LineIndex } from '../common/lineIndex';
import { splitDocuments } from './chunks';
import { jsYaml } from './jsYaml';
import { readBlockYamlEdited, type PreviousRead } from './blockEdit';
import { readBlockYaml } from './blockReader';
import { mapRangesBack, reindentQuotedContinuations } from './quotedIndent';
import { loadWithJsYamlEvents, sourceTreeOfDoc, sourceTreeOfText, type SourceNode } from './tree';
import { parserOverflow, yamlBeyondLimits, yamlBeyondLimitsEdited, yamlLimitScan, type LimitScan, type YamlLimitExceeded } from './limits';
import { changedSpan } from '../common/textChange';
import { expansionBeyondLimit } from './expansion';
import { findDuplicateKeys, type DuplicateKey } from './duplicates';

/**
 * What may be an anchor (`&name`) and an alias (`*name`): a document with both takes the guarded
 * path (alias bombs). Requiring both keeps a plain `*` (in a cron schedule, a glob) on the fast path.
 */
const anchorMarker = /(^|[\s[{,:-])&[^\s,\]}]/;
const aliasMarker = /(^|[\s[{,:-])\*[^\s,\]}]/;

/** Whether a text may hold an alias, which js-yaml would share without any expansion limit. */
export function mayHoldAlias(text: string): boolean {
  return anchorMarker.test(text) && aliasMarker.test(text);
}

/**
 * The smallest chunk whose limit scan keeps its checkpoints for the next version's (a smaller one
 * is scanned whole: a Kubernetes document of a few dozen lines costs less to scan than to resume).
 * Kept for edited chunks only (a document being typed into): the first edit scans whole, the next
 * ones from the edit; the files of a workspace read once keep nothing.
 */
const RESUMABLE_CHUNK = 8192;

/**
 * One YAML document of a file. Chunks are immutable and shared between versions of a file when
 * their text did not change, so anything cached on a chunk (its plain value, its findings)
 * survives edits elsewhere in the file.
 *
 * Three readers, one result: the plain value and its spans come from the block reader
 * (yaml/blockReader.ts: the block-YAML subset manifests are written in, line by line), else from
 * js-yaml (several times faster than the AST, YAML 1.2 core schema like the `yaml` package's
 * default); the `yaml` package's AST — exact ranges, precise errors — is built only for
 * completion, hover, documents with aliases and documents js-yaml rejects (its errors are then
 * the `yaml` package's).
 */
export class YamlChunk {
  private parsed: readonly Document.Parsed[] | undefined;
  private sourceTree: SourceNode | null | undefined;
  private jsValue: unknown;
  private jsComputed = false;
  private jsError: string | undefined;
  private limitChecked = false;
  private limitExceeded: YamlLimitExceeded | undefined;
  /** The limit scan with its checkpoints (chunks of at least RESUMABLE_CHUNK characters read with their spans), for the next version's. */
  private limitScan: LimitScan | undefined;
  /** What changed from the previous version's text (`previous`, `previousLimits`), computed once for both. */
  private span: { start: number; oldEnd: number; newEnd: number } | undefined;
  private spanFrom: string | undefined;
  private duplicates: readonly DuplicateKey[] | undefined;
  /** Whether js-yaml read the text without complaint (no syntax error, no duplicate key). */
  private fastPathOk = false;
  /** Whether the block reader read it (so its value and tree are what the reader gives). */
  private readByBlock = false;
  /** Per-consumer caches keyed by the consumer (a rule set, a settings object). */
  readonly cache = new Map<unknown, unknown>();

  /**
   * @param spansWithValue read the source tree in the same pass as the value (files whose findings
   * will be placed: open documents, files the CLI checks); otherwise it is read on first use, so
   * that a workspace indexed for its values does not keep a tree per document.
   */
  /**
   * @param previous the previous version of this document, as the block reader read it: an edit
   * re-reads only the entry it touched (yaml/blockEdit.ts). Dropped once the value is read.
   */
  constructor(
    readonly text: string,
    private readonly spansWithValue = true,
    private previous?: PreviousRead,
    /**
     * The previous version's limit scan (yaml/limits.ts): this one scans from the edit only. Dropped
     * once used. Null: there was a previous version, which kept none (this one keeps its own).
     */
    private previousLimits?: { readonly text: string; readonly scan: LimitScan } | null,
  ) {
    this.edited = previous !== undefined || previousLimits !== undefined;
  }

  /** Whether this chunk is an edited version of a previous one: only then are the limit scan's checkpoints kept (a file read once keeps none). */
  private readonly edited: boolean;

  /** The limit scan, for the next version of this chunk (when it was recorded and read the whole text). */
  get limitsForNext(): { readonly text: string; readonly scan: LimitScan } | undefined {
    const scan = this.limitScan;
    return scan?.complete && scan.checkpoints ? { text: this.text, scan } : undefined;
  }

  private changedFrom(before: string, otherReader: unknown): { start: number; oldEnd: number; newEnd: number } {
    // Both previous reads are the previous chunk's: one text, one span.
    if (this.spanFrom !== before) {
      this.span = changedSpan(before, this.text);
      this.spanFrom = before;
    }
    const span = this.span!;
    // Not kept once the other reader (of the two previous reads) has used it or has none: the previous text is not held for it.
    if (!otherReader) {
      this.span = undefined;
      this.spanFrom = undefined;
    }
    return span;
  }

  /** The text, value and tree as the block reader read them (for the next version), if it did and they are known. */
  get blockRead(): PreviousRead | undefined {
    return this.readByBlock && this.sourceTree !== undefined ? { text: this.text, value: this.jsValue, tree: this.sourceTree } : undefined;
  }

  /**
   * A chunk whose plain value was read elsewhere — by another thread of a parallel check, from
   * the same text — so that it is not parsed again here. Positions are still read from the text
   * when something asks for them.
   */
  static withValue(text: string, value: unknown): YamlChunk {
    // Its spans, if asked for, are read lazily by js-yaml (not by the far dearer AST).
    const chunk = new YamlChunk(text, false);
    chunk.jsComputed = true;
    chunk.jsValue = value;
    chunk.fastPathOk = true;
    return chunk;
  }

  /** Whether the value was read by js-yaml (and so can be handed over as plain data). */
  get readByJsYaml(): boolean {
    void this.value;
    return this.fastPathOk;
  }

  /**
   * Where the chunk passes what Archipel hands to a parser (yaml/limits.ts), read in one linear
   * pass on first use. Such a chunk is parsed by no one: no value, no AST, one finding.
   */
  get beyondLimits(): YamlLimitExceeded | undefined {
    if (!this.limitChecked) {
      this.limitChecked = true;
      const previous = this.previousLimits;
      this.previousLimits = undefined;
      if (previous) this.limitScan = yamlBeyondLimitsEdited(previous, this.text, this.changedFrom(previous.text, this.previous));
      else if (this.edited && this.text.length >= RESUMABLE_CHUNK) this.limitScan = yamlLimitScan(this.text);
      this.limitExceeded = this.limitScan ? this.limitScan.exceeded : yamlBeyondLimits(this.text);
    }
    return this.limitExceeded;
  }

  /** Every document of the chunk (almost always one), parsed with positions on first use. */
  get docs(): readonly Document.Parsed[] {
    if (!this.parsed) {
      if (this.beyondLimits) return (this.parsed = []);
      // logLevel error: the yaml package's console warnings (a collection used as a key, stringified
      // by toJS) would reach the CLI's stderr; problems are reported as findings instead.
      // uniqueKeys off: the package compares each key with every earlier key of its mapping
      // (quadratic: 40,000 keys took minutes); duplicates are found in one pass (yaml/duplicates.ts).
      // Its errors are Error objects: capturing a stack trace for each of a broken document's
      // tens of thousands took a third of the parse. Nobody reads those stacks.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      const options = { uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'error' } as const;
      let docs: ReturnType<typeof parseAllDocuments>;
      try {
        docs = parseAllDocuments(this.text, options);
      } catch (error) {
        // The parser's own recursion past V8's stack on a nesting yamlBeyondLimits did not foresee:
        // the chunk is as one beyond the limits (one yaml-limit finding), never an internal-error.
        if (!(error instanceof RangeError)) throw error;
        this.limitExceeded = parserOverflow();
        return (this.parsed = []);
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
      // parseAllDocuments returns an EmptyStream (an array with `empty`) for text without documents.
      this.parsed = (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[];
      this.parsed = readAsGitHubDoes(this.text, this.parsed, (text) => parseAllDocuments(text, options));
    }
    return this.parsed;
  }

  /** The first (almost always only) document of the chunk. */
  get doc(): Document.Parsed | undefined {
    return this.docs[0];
  }

  /**
   * Spans of the first document's nodes, for placing findings: read from js-yaml's parse events
   * when js-yaml read the chunk, else converted from the AST (see yaml/tree.ts).
   */
  /** Drops the spans read with the value (a checked file's, once its findings are placed): read again on use. */
  releaseTree(): void {
    if (this.fastPathOk && this.sourceTree !== undefined) {
      this.sourceTree = undefined;
      this.treeReleased = true;
    }
  }

  private treeReleased = false;

  /** The spans without keeping them when they are not kept already (a whole-workspace read of positions). */
  get treeOnce(): SourceNode | null {
    void this.value; // a chunk read with its spans has them now
    return this.sourceTree !== undefined ? this.sourceTree : this.readTree();
  }

  get tree(): SourceNode | null {
    if (this.sourceTree !== undefined) return this.sourceTree;
    void this.value; // a chunk read with its spans has them now
    return (this.sourceTree ??= this.readTree());
  }

  /**
   * Reads the spans: lazily with js-yaml when the value was read without them (or they were released); else
   * (aliases, rejected documents, events that do not map onto the value) converted from the AST.
   */
  private readTree(): SourceNode | null {
    const events = this.fastPathOk && (!this.spansWithValue || this.treeReleased) ? sourceTreeOfText(this.text) : undefined;
    if (events !== undefined) return events;
    const doc = this.doc;
    return doc ? sourceTreeOfDoc(doc) : null;
  }

  /** Keys repeated in a mapping, in every document of the chunk (found in one walk, on first use). */
  get duplicateKeys(): readonly DuplicateKey[] {
    void this.value;
    this.duplicates ??= this.fastPathOk ? [] : this.docs.flatMap((doc) => findDuplicateKeys(doc));
    return this.duplicates;
  }

  /**
   * `wellFormed` if the reading done so far already tells (undefined: not read yet), so that asking
   * about an old version of a file never parses it (workspace/index.ts: the last good version).
   */
  get knownWellFormed(): boolean | undefined {
    if (!this.jsComputed) return undefined;
    if (this.fastPathOk) return true;
    return this.parsed ? this.wellFormed : undefined;
  }

  /** Whether the chunk is free of YAML errors, known without building the AST when possible. */
  get wellFormed(): boolean {
    void this.value;
    return this.fastPathOk || (!this.beyondLimits && this.docs.every((d) => d.errors.length === 0) && this.duplicateKeys.length === 0);
  }

  /**
   * The value of a chunk whose only defect is a key repeated in a mapping, read as kubectl and Helm read it (go-yaml's
   * non-strict decoder: the last value wins; the YAML family still reports the duplicate). Undefined for any other
   * defect, and for a chunk with anchors (left to the guarded reader); the value itself when the chunk is well-formed.
   */
  get lastKeyWinsValue(): unknown {
    if (this.wellFormed) return this.value;
    if (this.beyondLimits || this.duplicateKeys.length === 0 || mayHoldAlias(this.text) || this.docs.some((doc) => doc.errors.length > 0)) return undefined;
    try {
      return jsYaml().load(this.text, { schema: jsYaml().CORE_SCHEMA, json: true }) ?? {};
    } catch {
      return undefined;
    }
  }

  /** The plain JavaScript value of the first document, or undefined when it cannot be built. */
  get value(): unknown {
    if (!this.jsComputed) {
      this.jsComputed = true;
      // One pass gives the value and the spans: most documents of a manifest file end up with a
      // finding to place (a hygiene warning at least), so reading the spans later would mean a
      // second parse of nearly every document. The block reader comes first: it never accepts an
      // anchor or an alias, so only what it leaves needs the alias check.
      const read = this.previous ? readBlockYamlEdited(this.previous, this.text, this.changedFrom(this.previous.text, this.previousLimits)) : readBlockYaml(this.text);
      this.previous = undefined;
      if (read) {
        this.jsValue = read.value;
        if (this.spansWithValue) this.sourceTree = read.tree;
        this.fastPathOk = true;
        this.readByBlock = true;
        return this.jsValue;
      }
      if (this.beyondLimits) return (this.jsValue = undefined);
      if (!mayHoldAlias(this.text)) {
        try {
          if (this.spansWithValue) {
            const { value, tree } = loadWithJsYamlEvents(this.text);
            this.jsValue = value;
            if (tree !== undefined) this.sourceTree = tree;
          } else {
            this.jsValue = jsYaml().load(this.text, { schema: jsYaml().CORE_SCHEMA });
          }
          this.fastPathOk = true;
          return this.jsValue;
        } catch {
          // Malformed or unusual: the yaml package decides, with precise errors.
        }
      }
      // Aliases: js-yaml shares each anchored value (linear), where the yaml package's toJS looks
      // every alias's anchor up by walking the document (20,000 aliases took 13 s). The expansion
      // is then measured once per shared value, so a "billion laughs" is refused without expanding.
      let value: unknown;
      let loaded = false;
      if (mayHoldAlias(this.text)) {
        try {
          value = jsYaml().load(this.text, { schema: jsYaml().CORE_SCHEMA });
          loaded = true;
        } catch {
          // Malformed: the yaml package's AST reports it precisely.
        }
      }
      if (!loaded) {
        // The yaml package's value conversion is never run on a document with errors (it grows
        // superlinearly on unclosed flow collections; no rule reads a broken document's value),
        // nor with aliases (its per-alias lookups are quadratic).
        const doc = this.doc;
        if (!doc || doc.errors.length > 0 || this.duplicateKeys.length > 0 || mayHoldAlias(this.text)) return (this.jsValue = undefined);
        value = this.convertedWithoutErrors(doc);
      }
      const bomb = expansionBeyondLimit(value);
      if (bomb) this.jsError = bomb;
      else this.jsValue = value;
    }
    return this.jsValue;
  }

  /** The yaml package's value of a well-formed document without aliases that js-yaml would not read. */
  private convertedWithoutErrors(doc: Document.Parsed): unknown {
    try {
      return doc.toJS();
    } catch (error) {
      this.jsError = error instanceof Error ? error.message : String(error);
      return undefined;
    }
  }

  get valueError(): string | undefined {
    void this.value;
    return this.jsError;
  }
}

/**
 * Documents the `yaml` package rejects only for quoted continuation lines indented no deeper than
 * their key, read again as GitHub and PyYAML read them (yaml/quotedIndent.ts); others unchanged.
 */
function readAsGitHubDoes(text: string, docs: readonly Document.Parsed[], parse: (text: string) => unknown): readonly Document.Parsed[] {
  if (docs.every((d) => d.errors.length === 0)) return docs;
  const reindented = reindentQuotedContinuations(text);
  if (!reindented) return docs;
  const again = parse(reindented.text);
  const redone = (Array.isArray(again) ? again : [again]) as Document.Parsed[];
  if (redone.length !== docs.length || redone.some((d) => d.errors.length > 0)) return docs;
  for (const doc of redone) mapRangesBack(doc, reindented.inserts);
  return redone;
}

export interface YamlDocumentRef {
  /** Index of the document in the file, counting from 0. */
  index: number;
  /** Absolute offset of the chunk in the file text. */
  offset: number;
  chunk: YamlChunk;
  doc: Document.Parsed;
}

export class YamlFile {
  private cachedLines: LineIndex | undefined;
  private cachedDocuments: YamlDocumentRef[] | undefined;

  constructor(
    readonly text: string,
    readonly chunks: readonly { offset: number; chunk: YamlChunk }[],
  ) {}

  get lines(): LineIndex {
    this.cachedLines ??= new LineIndex(this.text);
    return this.cachedLines;
  }

  /** Every document with its AST (parses every chunk: prefer `chunks` and `chunk.value` on hot paths). */
  get documents(): YamlDocumentRef[] {
    if (!this.cachedDocuments) {
      const documents: YamlDocumentRef[] = [];
      for (const { offset, chunk } of this.chunks) {
        for (const doc of chunk.docs) documents.push({ index: documents.length, offset, chunk, doc });
      }
      this.cachedDocuments = documents;
    }
    return this.cachedDocuments;
  }

  /** The document whose chunk contains the absolute offset (parses that chunk only). */
  documentAt(offset: number): YamlDocumentRef | undefined {
    let found: { offset: number; chunk: YamlChunk; index: number } | undefined;
    this.chunks.forEach((c, index) => {
      if (c.offset <= offset) found = { ...c, index };
    });
    const doc = found?.chunk.doc;
    return found && doc ? { index: found.index, offset: found.offset, chunk: found.chunk, doc } : undefined;
  }
}

/**
 * Parses a YAML file, reusing the parsed chunks of `previous` whose text is unchanged: an edit in
 * one document of a 500-document file re-parses that document only. `spansWithValue`: see YamlChunk.
 */
export function parseYamlFile(text: string, previous?: YamlFile, spansWithValue = true): YamlFile {
  const reusable = new Map<string, YamlChunk>();
  if (previous) for (const { chunk } of previous.chunks) reusable.set(chunk.text, chunk);
  const split = splitDocuments(text);
  // A changed document in the same place of a file with as many documents: the edited one, most likely.
  const before = previous?.chunks.length === split.length ? previous.chunks : undefined;
  const chunks = split.map(({ offset, text: chunkText }, index) => ({
    offset,
    chunk: reusable.get(chunkText) ?? new YamlChunk(chunkText, spansWithValue, spansWithValue ? before?.[index].chunk.blockRead : undefined, spansWithValue && before ? (before[index].chunk.limitsForNext ?? null) : undefined),
  }));
  return new YamlFile(text, chunks);
}

/** The string value of a top-level key of a mapping document, if it is a plain scalar string. */
export function topLevelString(doc: Document.Parsed, key: string): string | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) return undefined;
  const node = contents.get(key, true);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
