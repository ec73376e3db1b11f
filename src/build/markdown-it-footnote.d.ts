/** markdown-it-footnote ships no types (@types/markdown-it-footnote would be one more dependency for one line). */
declare module 'markdown-it-footnote' {
  import type { MarkdownIt } from 'markdown-it';
  const footnote: (md: MarkdownIt) => void;
  export default footnote;
}
