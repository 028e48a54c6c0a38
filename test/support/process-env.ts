// Sets variables in process.env and gives back a function that restores what was there before.
// lib/ may not touch process.env (only lib/config.ts reads it), so the demo and the tests go through here.
export function applyEnv(variables: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
