import { describe, expect, it } from 'vitest';
import { findStep, listSteps, newestStep } from '../src/course.ts';

describe('the list of steps', () => {
  const steps = listSteps();

  it('holds the steps in chapter order, each with a title and a chapter file name', () => {
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.map((s) => s.chapter)).toEqual(
      [...steps.map((s) => s.chapter)].sort((a, b) => a - b),
    );
    for (const step of steps) {
      expect(step.name).toMatch(/^\d\d-[a-z0-9-]+$/);
      expect(Number(step.name.slice(0, 2)), `${step.name}: folder number and chapter agree`).toBe(
        step.chapter,
      );
      expect(step.title.length).toBeGreaterThan(0);
      expect(step.doc).toBe(`docs/chapters/${step.name}.md`);
    }
  });

  it('finds a step by number, zero-padded number, folder name, or name without the number', () => {
    expect(findStep('2')?.name).toBe('02-hello-http');
    expect(findStep('02')?.name).toBe('02-hello-http');
    expect(findStep('02-hello-http')?.name).toBe('02-hello-http');
    expect(findStep('hello-http')?.name).toBe('02-hello-http');
    expect(findStep('nope')).toBeUndefined();
    expect(findStep('99')).toBeUndefined();
  });

  it('knows the newest step', () => {
    expect(newestStep()).toEqual(steps.at(-1));
  });
});
