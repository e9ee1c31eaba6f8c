/**
 * A deliberate bug for the tests that prove one bad event never blocks the next: the
 * real router, except that a message containing POISON throws, as a handler with a bug
 * would, until the bug is "fixed".
 */
import { route as realRoute } from "../../src/bot/router";
import type { Route } from "../../src/bot/pipeline";

export const POISON = "💣";

export interface BuggyRoute {
  route: Route;
  /** How many times the bug fired. */
  fired(): number;
  /** The fix is deployed: the same message now goes through. */
  fix(): void;
}

export function buggyRoute(): BuggyRoute {
  let fixed = false;
  let fired = 0;
  return {
    route: async (ctx, media, opts) => {
      if (!fixed && ctx.event.text.includes(POISON)) {
        fired++;
        throw new TypeError("Cannot read properties of undefined (reading 'leadUnit')");
      }
      return realRoute(ctx, media, opts);
    },
    fired: () => fired,
    fix: () => void (fixed = true),
  };
}
