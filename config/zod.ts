/**
 * zod as this project uses it. Every module takes `z` from here (the lint config refuses a direct
 * import of "zod"), so that the settings below are in place before zod is loaded, before a schema
 * is built and before one parses.
 */
// First: it must run before zod's first load.
import "./zodLocalesOnDemand";
import { z } from "zod";

// zod compiles a parser for each object schema (`new Function`) the first time it parses with it;
// a stack's config is parsed once per run, so compiling costs more than it saves (about 10 ms of
// the dev stack's 20 ms of validation).
z.config({ jitless: true });

export { z };
