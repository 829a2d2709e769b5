// esbuild bundles CSS imported by a page into dist/webviews/<page>.css.
declare module '*.css';
