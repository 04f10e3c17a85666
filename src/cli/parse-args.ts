// The commands' one argument parser, over node:util parseArgs: --help (exit 0), a usage error that names the
// nearest flag or sub-command for a mistyped one (exit 2), and the shared error output for what follows.
import { parseArgs } from 'node:util';
import type { CommandSpec, OptionSpec } from './command-spec.ts';
import { EXIT } from '../process/exit-codes.ts';
import { helpText, usageLine } from './help.ts';
import { type CliIo, type CliOutput, cliOutput, processIo } from './output.ts';
import { nearest } from './suggest.ts';

type Values = Record<string, string | boolean | undefined>;

export interface ParsedCommand<V extends Values = Values> {
  values: V;
  /** The sub-command (the spec's first when none was given), for specs with `commands`. */
  command: string | undefined;
  /** Positionals after the sub-command (`breaker reset load` -> ['load']). */
  rest: string[];
  out: CliOutput;
}

/** The usage error's text: what was wrong, the nearest name if any, the usage line and where help is. */
export function usageMessage(spec: CommandSpec, problem: string): string {
  return `${problem}\n${usageLine(spec)}\n(npm run ${spec.name} -- --help for every option and exit code)`;
}

function unknownOption(spec: CommandSpec, raw: string): string {
  const known = Object.keys(spec.options)
    .map((name) => `--${name}`)
    .concat('--help');
  const guess = raw.startsWith('--') ? nearest(raw, known) : null;
  return `unknown option ${raw}${guess ? `; did you mean ${guess}?` : ''}`;
}

export function parseCommand<V extends Values = Values>(
  spec: CommandSpec,
  argv: string[] = process.argv.slice(2),
  io: CliIo = processIo,
): ParsedCommand<V> {
  const json = argv.includes('--json');
  const out = cliOutput(json, spec.jsonErrors, io);
  const usage = (problem: string): never => out.fail('usage', json ? problem : usageMessage(spec, problem), EXIT.usage);
  const options: Record<string, OptionSpec> = { ...spec.options, help: { type: 'boolean', short: 'h', description: '' } };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.default !== undefined ? { default: o.default } : {}) },
    ]),
  );

  // First a lenient pass: --help wins over any other mistake, and an unknown flag gets a suggestion.
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const optionTokens = tokens.filter((t) => t.kind === 'option');
  if (optionTokens.some((t) => t.name === 'help' || t.name === 'h')) {
    io.stdout(helpText(spec) + '\n');
    return io.exit(EXIT.ok);
  }
  const unknown = optionTokens.find((t) => !(t.name in options) && !Object.values(options).some((o) => o.short === t.name));
  if (unknown) usage(unknownOption(spec, unknown.rawName));

  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: spec.commands !== undefined });
  } catch (err) {
    return usage((err as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
  const [given, ...rest] = parsed.positionals;
  let command: string | undefined;
  if (spec.commands) {
    const names = spec.commands.map((c) => c.name);
    command = given ?? names[0]!;
    if (!names.includes(command)) {
      const guess = nearest(command, names);
      usage(`unknown command "${command}": use ${names.join(', ')}${guess ? `; did you mean ${guess}?` : ''}`);
    }
  }
  return { values: parsed.values as V, command, rest, out };
}
