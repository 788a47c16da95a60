/**
 * Express 4, installed under the alias `express4` (package.json) so tests can run a host app on it
 * beside Express 5. Typed as Express 5: the calls the host tests make are the same in both.
 */
declare module 'express4' {
  import express from 'express';
  export default express;
}
