// A Stryker ignorer (stryker.config.mjs: plugins, ignorers): no mutant inside `import.meta.glob(…)`.
// Vite reads its arguments at build time and accepts only literals there; Stryker's switch
// (`stryMutAct(…) ? "" : '/rules/…'`) made every module importing such a file fail to load in the
// sandbox, dropping its test files. Mutating a build-time glob tests nothing a test could see.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** @param {import('@babel/core').NodePath} path */
const isImportMetaGlob = (path) => {
  if (!path.isCallExpression()) return false;
  const callee = path.node.callee;
  return callee.type === 'MemberExpression' && callee.object.type === 'MetaProperty' && callee.object.meta.name === 'import'
    && callee.object.property.name === 'meta' && callee.property.type === 'Identifier' && callee.property.name === 'glob';
};

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'import-meta-glob', {
    shouldIgnore: (path) => (isImportMetaGlob(path) ? "import.meta.glob's arguments are read by Vite at build time and must stay literals" : undefined),
  }),
];
