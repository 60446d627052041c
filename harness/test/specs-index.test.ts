// The grader, the workbench and the hints read specs/index.ts: a spec left out of it would never
// be graded, so every Spec a spec file exports must be listed there, once.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { specs } from '../specs/index.ts';
import type { Spec } from '../src/spec.ts';

const specsDir = fileURLToPath(new URL('../specs/', import.meta.url));

function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && 'checks' in value && 'from' in value;
}

it('lists every spec the spec files export, once', async () => {
  const exported: string[] = [];
  for (const file of readdirSync(specsDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const module = (await import(`../specs/${file}`)) as Record<string, unknown>;
    exported.push(
      ...Object.values(module)
        .filter(isSpec)
        .map((spec) => spec.id),
    );
  }
  const listed = specs.map((spec) => spec.id);
  expect(new Set(listed).size, 'a spec is listed twice').toBe(listed.length);
  expect([...listed].sort()).toEqual([...new Set(exported)].sort());
});

it("npm test's matrix runs an expensive check on the first and last step it applies to only", async () => {
  const { matrixChecks } = await import('../src/matrix.ts');
  const { traversalSpec, OUTSIDE_HTDOCS_CHECK } = await import('../specs/traversal.ts');
  const { listSteps } = await import('@hfs/tools/course.ts');
  const chapters = listSteps()
    .map((step) => step.chapter)
    .filter((chapter) => chapter >= 4);
  const runsIt = chapters.filter((chapter) =>
    matrixChecks(traversalSpec, chapter).some((check) => check.name === OUTSIDE_HTDOCS_CHECK),
  );
  expect(runsIt).toEqual([4, chapters.at(-1)]);
  // A cheap check runs against every step.
  const { routingSpec } = await import('../specs/04-routing.ts');
  const cheap = routingSpec.checks.find((check) => !check.expensive)?.name;
  expect(
    chapters.every((chapter) => matrixChecks(routingSpec, chapter).some((c) => c.name === cheap)),
  ).toBe(true);
});
