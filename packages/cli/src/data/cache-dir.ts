import { homedir } from "node:os";
import { join } from "node:path";

/** The user's cache folder for biore: `$XDG_CACHE_HOME/biore`, else `~/.cache/biore`. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), ".cache"), "biore");
}
