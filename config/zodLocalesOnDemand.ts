/**
 * zod's `locales` namespace (`z.locales`), loaded when first used rather than with zod.
 *
 * Why: `require("zod")` loads every one of zod's locale modules, a file per language, only to
 * build the `z.locales` namespace. That is about 40 ms of each `pulumi preview` and `up` (a seventh
 * of what this program adds to Pulumi's own start) for messages the program never shows: its
 * messages are its own, and zod's English defaults come from `locales/en` directly, not from the
 * namespace. zod's ES modules let a bundler drop the unused locales; Node's CommonJS loader, which
 * Pulumi runs the program with, loads them all.
 *
 * So the namespace's module is entered in the require cache, before zod is first loaded, as a proxy
 * that loads the real one on first access: `z.locales.fr()` still works, at the old cost, when
 * something asks for it. A zod that is already loaded is left as it is.
 */
import Module from "node:module";

/**
 * The namespace's file, as zod's package exports name it (`zod/v4/locales`); undefined if a later
 * zod no longer exports it, in which case zod loads as it is (tests/zod.test.ts would say so).
 */
const namespaceFile = resolvedOrUndefined("zod/v4/locales");

function resolvedOrUndefined(request: string): string | undefined {
  try {
    return require.resolve(request);
  } catch {
    return undefined;
  }
}

type Namespace = Record<PropertyKey, unknown>;

function loadRealNamespace(file: string): Namespace {
  // The proxy steps aside, so that this loads the real module (and later requires get it too).
  delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Namespace;
}

/** The proxy: answers `__esModule` itself (what zod's `import * as` helper asks), loads for the rest. */
function namespaceOnDemand(file: string): Namespace {
  let real: Namespace | undefined;
  const load = () => (real ??= loadRealNamespace(file));
  // Held by the target, as the real module defines it: a proxy must report a non-configurable
  // property exactly as its target has it.
  const target = Object.defineProperty({}, "__esModule", { value: true });
  return new Proxy(target, {
    get: (_, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      if (key === "__esModule") return Reflect.getOwnPropertyDescriptor(target, key);
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      // The real module's exports are non-configurable getters; the target has none of them, and a
      // proxy may only report a property non-configurable when its target has it so.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** Enters the on-demand namespace, unless zod's locales are loaded already. */
function loadZodLocalesOnDemand(): void {
  if (namespaceFile === undefined || require.cache[namespaceFile]) return;
  const stub = new Module(namespaceFile, module);
  stub.filename = namespaceFile;
  stub.exports = namespaceOnDemand(namespaceFile);
  stub.loaded = true;
  require.cache[namespaceFile] = stub;
}

loadZodLocalesOnDemand();
