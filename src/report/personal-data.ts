// The warning shown whenever reports will hold personal values: by the command line on stderr
// for --include-personal-data, and by the web page when its box for them is ticked.
export const PERSONAL_DATA_WARNING =
  'Warning: --include-personal-data: these reports will hold personal data about children and their families (names, dates of birth, ' +
  'NHS numbers, addresses, what was said). Keep them as securely as the exports, and do not paste them into tickets, chats or CI logs.\n';
