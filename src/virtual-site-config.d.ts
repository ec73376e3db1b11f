/** Types of `virtual:site-config`, which the articles plugin (src/build/vite-plugin-articles.ts) generates at build time. */
declare module 'virtual:site-config' {
  /** The publication's settings and the keys this app trusts; nothing in it changes between editions. */
  const site: {
    name: string;
    shortName: string;
    description: string;
    /** Default BCP 47 language of the publication and the app. */
    lang: string;
    dir: 'ltr' | 'rtl';
    colors: { theme: string; background: string };
    publisher: { id: string; name: string };
    /** Pinned Ed25519 public keys (base64url): editions signed by one of these are verified. */
    keys: string[];
    /** True when this build was signed with the development key (never publish it). */
    devKey: boolean;
    /** Fingerprint of the key that signed this build, for people to compare out of band. */
    fingerprint: string;
  };
  export default site;
}

/** The reader file's own script and style (src/reader), bundled by the articles plugin. */
declare module 'virtual:reader-template' {
  const template: { css: string; js: string };
  export default template;
}
