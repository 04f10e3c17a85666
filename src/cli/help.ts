// The one --help layout of every command: usage, summary, commands, options, notes, exit codes.
import type { CommandSpec, OptionSpec } from './command-spec.ts';
import { EXIT, EXIT_MEANING, type ExitName } from '../process/exit-codes.ts';

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'print this help and exit' };

function flag(name: string, o: OptionSpec): string {
  return `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
}

/** `npm run seed -- [--data-dir DIR] [--json]`. */
export function usageLine(spec: CommandSpec): string {
  const commands = spec.commands ? `[${spec.commands.map((c) => c.name).join('|')}] ` : '';
  const derived = Object.entries(spec.options)
    .filter(([, o]) => !o.hidden)
    .map(([name, o]) => `[${flag(name, o)}]`)
    .join(' ');
  return `usage: npm run ${spec.name} -- ${spec.synopsis ?? `${commands}${derived}`}`.trimEnd();
}

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

export function helpText(spec: CommandSpec): string {
  const lines = [usageLine(spec), '', spec.summary, ''];
  if (spec.commands)
    lines.push('commands:', ...table(spec.commands.map((c, i) => [c.name, `${c.description}${i === 0 ? ' (default)' : ''}`])), '');
  const options = Object.entries({ ...spec.options, help: HELP_OPTION }).filter(([, o]) => !o.hidden);
  lines.push(
    'options:',
    ...table(
      options.map(([name, o]) => {
        const shown = `${o.short ? `-${o.short}, ` : ''}${flag(name, o)}`;
        const fallback = o.type === 'string' && o.default !== undefined && o.default !== '' ? ` (default: ${String(o.default)})` : '';
        return [shown, `${o.description}${fallback}`];
      }),
    ),
    '',
  );
  if (spec.notes?.length) lines.push(...spec.notes, '');
  const exits = (Object.keys(EXIT) as ExitName[]).filter((name) => spec.exits[name] !== undefined);
  lines.push(
    'exit codes (one table for every command: README, "Exit codes"):',
    ...table(exits.map((name) => [String(EXIT[name]), spec.exits[name] || EXIT_MEANING[name]])),
  );
  return lines.join('\n');
}
