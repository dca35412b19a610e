import { LRUCache } from 'lru-cache';
import type { Doc } from './readStore.js';

/** Freezes a decoded JSON value and everything in it. */
const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

/**
 * Documents decoded lately, keyed by their exact text: a document read again unchanged (the
 * creators a directory's first page shows, again and again) is not parsed again. The key is the
 * whole text, so a hit is the same document by construction, whatever version or position it was
 * read from. The documents are frozen, deeply: every reader shares them. Projections never get
 * these (they change what they load: `load` parses afresh).
 */
export class DecodedDocuments {
  private readonly decoded: LRUCache<string, Doc> | undefined;

  /** `chars`: characters of document text whose decoded documents are kept; 0 keeps none. */
  constructor(chars: number) {
    this.decoded =
      chars > 0
        ? new LRUCache<string, Doc>({
            maxSize: chars,
            maxEntrySize: Math.max(1, Math.floor(chars / 64)),
            sizeCalculation: (_doc, text) => text.length,
          })
        : undefined;
  }

  /** A document for readers: decoded once per distinct text while it stays in the cache. */
  decode<D extends Doc>(text: string): D {
    if (!this.decoded) return JSON.parse(text) as D;
    let doc = this.decoded.get(text);
    if (!doc) {
      doc = deepFreeze(JSON.parse(text) as Doc);
      this.decoded.set(text, doc);
    }
    return doc as D;
  }
}
