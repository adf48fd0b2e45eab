// Bundles the UI into the service's static resources (target/classes/META-INF/resources), which
// Quarkus serves at /. Run by the Maven build (npm run build) after npm ci.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const out = new URL('../../../target/classes/META-INF/resources/', import.meta.url);
await mkdir(out, { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: false,
  outfile: new URL('app.js', out).pathname,
  logLevel: 'warning',
});
await copyFile('index.html', new URL('index.html', out));
await copyFile('app.css', new URL('app.css', out));
