/** Vite's `?worker&url` import: the URL of a module built as a classic worker script of its own. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
