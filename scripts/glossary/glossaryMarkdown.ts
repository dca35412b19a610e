import { format } from 'prettier';
import { GLOSSARY_SECTIONS, type Term } from '../../web/i18n/glossary.js';

const cell = (text: string | undefined): string => (text ?? '').replace(/\|/g, '\\|');

const row = (term: Term): string =>
  `| ${cell(term.en)} | ${cell(term.zh)} | ${cell(term.note?.en)} | ${cell(term.note?.zh)} | ${term.guide ? `「${cell(term.guide)}」` : ''} |`;

/**
 * docs/GLOSSARY.md, made from web/i18n/glossary.ts (the words the apps speak), formatted as the
 * repository's prettier formats it: `npm run glossary` writes it, a unit test fails when it drifts.
 */
export const glossaryMarkdown = async (): Promise<string> => {
  const sections = GLOSSARY_SECTIONS.map(
    (section) => `## ${section.title.en} · ${section.title.zh}

| English | 中文 | meaning | 含义 | the guide's words · 指南原文 |
| --- | --- | --- | --- | --- |
${Object.values(section.terms).map(row).join('\n')}
`,
  );
  const text = `# Glossary · 术语表

The domain's words in English and Simplified Chinese: one term, one translation, wherever the browser
apps speak (the audit console, the explorer's token bar). The Chinese takes the sellers' own words where
the source guide ([\`docs/seed/creator-collaboration-evaluation.zh.txt\`](seed/creator-collaboration-evaluation.zh.txt))
has them, quoted in the last column. The API itself stays English, with stable codes; the apps put its
codes in these words ([\`web/README.md\`](../web/README.md)).

本术语表列出领域用语的英文与简体中文：一个术语只有一种译法，浏览器应用（审计控制台、接口浏览器的令牌栏）处处一致。
中文尽量采用卖家自己的说法，取自来源指南，原文见最后一列。接口本身保持英文和稳定的代码；应用把这些代码转换成下列用语。

This file is made from [\`web/i18n/glossary.ts\`](../web/i18n/glossary.ts): edit that, then run \`npm run glossary\`.

${sections.join('\n')}`;
  return format(text, { parser: 'markdown', singleQuote: true, printWidth: 110, proseWrap: 'preserve' });
};
