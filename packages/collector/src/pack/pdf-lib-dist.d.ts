// pdf-lib's single-file ES build (pdf-join.ts loads it) has the API of the package's main entry.
declare module 'pdf-lib/dist/pdf-lib.esm.min.js' {
  export * from 'pdf-lib';
}
