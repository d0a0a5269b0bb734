import { readFileSync } from 'node:fs';
import { ValidationError } from '@bosonic/core';
import { deserializeAs, PCVL_PREFIX, pathKeys } from '@bosonic/protocol';
import { FILE_ROOT } from './at-path.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { jsonValueOffset, lineAndColumn } from './json-location.js';
import { type LoadedExperiment, type ReadExperimentOptions, readExperiment } from './read-experiment.js';

/** `file:line:column`, as compilers name a place in a source file (just `file` when the place is unknown). */
function place(file: string, text: string, offset: number | undefined): string {
  if (offset === undefined) return file;
  const { line, column } = lineAndColumn(text, offset);
  return `${file}:${line}:${column}`;
}

/** JSON.parse, with a syntax error reported as a ValidationError giving the line and column. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const early = offset !== undefined && offset >= text.length ? ' (it ends too early)' : '';
    throw new ValidationError(`${place(file, text, offset)}: not valid JSON${early}`, {
      field: 'file',
      cause: error,
    });
  }
}

/** Where the field an error names (`circuit[3].phi`) is in the JSON text it was read from. */
function fieldOffset(text: string, field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const keys = field === FILE_ROOT ? [] : pathKeys(field);
  return keys === undefined ? undefined : jsonValueOffset(text, keys);
}

/**
 * Reads an experiment from text: the JSON experiment format, or a `:PCVL:Experiment:` string (plain or `zip:`,
 * as Perceval's `serialize(experiment)` writes it). `file` names the source in error messages.
 * @throws ValidationError naming the file, the line and column (`experiment.json:12:7:`) and the JSON path of
 * the problem (`circuit[3].phi: expected a finite number, …`).
 */
export function parseExperiment(
  text: string,
  file: string,
  options: ReadExperimentOptions = {},
): LoadedExperiment {
  const trimmed = text.trim();
  if (trimmed.startsWith(PCVL_PREFIX)) {
    if (options.parameters !== undefined && Object.keys(options.parameters).length > 0) {
      throw new ValidationError(`${file}: parameter values apply to JSON experiment files only`, {
        field: 'parameters',
      });
    }
    try {
      const experiment = deserializeAs(trimmed, 'Experiment');
      return { experiment, name: experiment.name, parameterNames: [] };
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(`${file}: ${error.message}`, {
          field: error.field ?? 'file',
          cause: error,
        });
      }
      throw error;
    }
  }
  if (trimmed === '') throw new ValidationError(`${file}: the file is empty`, { field: 'file' });
  const value = parseJson(text, file);
  try {
    return readExperiment(value, options);
  } catch (error) {
    if (error instanceof ValidationError) {
      const where = place(file, text, fieldOffset(text, error.field));
      throw new ValidationError(`${where}: ${error.message}`, { field: error.field ?? 'file', cause: error });
    }
    throw error;
  }
}

/**
 * Reads an experiment file (see {@link parseExperiment}).
 * @throws ValidationError (field `file`) when the file cannot be read, and as {@link parseExperiment}.
 */
export function loadExperiment(path: string, options: ReadExperimentOptions = {}): LoadedExperiment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not an experiment file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new ValidationError(`${path}: ${reason}`, { field: 'file', cause: error });
  }
  return parseExperiment(text, path, options);
}
