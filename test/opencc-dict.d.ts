// opencc-js ships its tables without types: each is one string, "key value|key value|…".
declare module 'opencc-js/dict/*' {
  const table: string;
  export default table;
}
