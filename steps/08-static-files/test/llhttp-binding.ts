// Node's own HTTP parser, llhttp, through the internal binding node:http drives it with
// (lib/_http_common.js). The differential test compares our parser with it; npm run bench times both.
import { createRequire } from 'node:module';

/** The part of the internal HTTPParser binding that node:http uses. */
export interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenientFlags?: number): void;
  execute(data: Buffer): number | (Error & { code: string; bytesParsed: number });
  [callback: number]: unknown;
}

interface LlhttpBinding {
  new (): LlhttpParser;
  REQUEST: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kLenientKeepAlive: number;
}

export const { HTTPParser, methods } = createRequire(import.meta.url)('node:_http_common') as {
  HTTPParser: LlhttpBinding;
  /** Method names, indexed by the number llhttp reports. */
  methods: string[];
};
