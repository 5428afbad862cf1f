// Auth.js's own jwt.encode and jwt.decode, for AuthJsInteropTests. Reads one request from stdin:
//   { "decode": [{ "name", "token", "secrets", "salt" }], "encode": [{ "name", "payload", "secrets", "salt" }] }
// and writes { "decoded": { name: { "payload" } | { "error" } }, "encoded": { name: token } } to stdout.
import { decode, encode } from "@auth/core/jwt"

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const request = JSON.parse(Buffer.concat(chunks).toString("utf8"))

const decoded = {}
for (const { name, token, secrets, salt } of request.decode) {
  try {
    decoded[name] = { payload: await decode({ token, secret: secrets, salt }) }
  } catch (error) {
    decoded[name] = { error: `${error.name}: ${error.message}` }
  }
}

const encoded = {}
for (const { name, payload, secrets, salt } of request.encode) {
  encoded[name] = await encode({ token: payload, secret: secrets, salt })
}

process.stdout.write(JSON.stringify({ decoded, encoded }))
