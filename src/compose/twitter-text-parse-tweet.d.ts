// twitter-text's counting module on its own (the package's types only describe its entry point).
// It is CommonJS compiled by Babel: Node hands an ES module its `exports` object, whose `default`
// is the function; a bundler may hand the function itself.
declare module 'twitter-text/dist/parseTweet.js' {
  import type { ParsedTweet } from 'twitter-text';

  type ParseTweet = (text: string) => ParsedTweet;
  const parseTweetModule: ParseTweet | { default: ParseTweet };
  export default parseTweetModule;
}
