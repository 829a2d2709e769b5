import { isMap, isScalar, parseAllDocuments, type Document, type Node } from 'yaml';
import { LineIndex } from '../common/lineIndex';
import { splitDocuments } from './chunks';

/** The longest alias expansion we accept before reporting a "billion laughs" document. */
const MAX_ALIAS_COUNT = 1000;

/**
 * One YAML document of a file. Node ranges inside `doc` are relative to `offset`; chunks are
 * immutable and shared between versions of a file when their text did not change, so anything
 * cached on a chunk (its plain value, its schema findings) survives edits elsewhere in the file.
 */
export class YamlChunk {
  private jsValue: unknown;
  private jsComputed = false;
  private jsError: string | undefined;
  /** Per-consumer caches keyed by the consumer (a rule set, a settings object). */
  readonly cache = new Map<unknown, unknown>();

  constructor(
    readonly text: string,
    readonly docs: readonly Document.Parsed[],
  ) {}

  /** The first (almost always only) document of the chunk. */
  get doc(): Document.Parsed | undefined {
    return this.docs[0];
  }

  /** The plain JavaScript value of the first document, or undefined when it cannot be built. */
  get value(): unknown {
    if (!this.jsComputed) {
      this.jsComputed = true;
      const doc = this.doc;
      if (doc) {
        try {
          this.jsValue = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch (error) {
          this.jsError = error instanceof Error ? error.message : String(error);
        }
      }
    }
    return this.jsValue;
  }

  get valueError(): string | undefined {
    void this.value;
    return this.jsError;
  }
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
  readonly lines: LineIndex;
  readonly documents: YamlDocumentRef[];

  constructor(
    readonly text: string,
    readonly chunks: readonly { offset: number; chunk: YamlChunk }[],
  ) {
    this.lines = new LineIndex(text);
    const documents: YamlDocumentRef[] = [];
    for (const { offset, chunk } of chunks) {
      for (const doc of chunk.docs) documents.push({ index: documents.length, offset, chunk, doc });
    }
    this.documents = documents;
  }

  /** The document whose chunk contains the absolute offset. */
  documentAt(offset: number): YamlDocumentRef | undefined {
    let found: YamlDocumentRef | undefined;
    for (const ref of this.documents) {
      if (ref.offset <= offset) found = ref;
      else break;
    }
    return found;
  }
}

function parseChunk(text: string): YamlChunk {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  // parseAllDocuments returns an EmptyStream (an array with `empty`) for text without documents.
  const list = Array.isArray(docs) ? docs : [docs];
  return new YamlChunk(text, list as Document.Parsed[]);
}

/**
 * Parses a YAML file, reusing the parsed chunks of `previous` whose text is unchanged: an edit in
 * one document of a 500-document file re-parses that document only.
 */
export function parseYamlFile(text: string, previous?: YamlFile): YamlFile {
  const reusable = new Map<string, YamlChunk>();
  if (previous) for (const { chunk } of previous.chunks) reusable.set(chunk.text, chunk);
  const chunks = splitDocuments(text).map(({ offset, text: chunkText }) => ({
    offset,
    chunk: reusable.get(chunkText) ?? parseChunk(chunkText),
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

/** The [start, end) offsets of a node relative to its chunk (the value part, without comments). */
export function nodeSpan(node: Node | null | undefined): [number, number] | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}
