/** The `rapport` command: serve, migrate, import, export, analyze, seed, user and workspace admin. */
export { buildProgram, runCli } from './program';
