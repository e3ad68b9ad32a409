// The yardstick: a bare Fastify route doing nothing, run under the same conditions as Bazaar.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address === 'object') console.log(`listening ${address.port}`);
