/** Prints which database drivers this run covers (CI checks the server suites ran when it is set). */
export default function setup(): void {
  const drivers = ['pglite'];
  if ((process.env.DATABASE_URL ?? '') !== '') drivers.push('postgres');
  console.log(`workflow-worker: drivers ${drivers.join(', ')}`);
}
