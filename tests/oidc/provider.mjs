// A real OpenID provider (npm oidc-provider, a certified implementation) on
// loopback, for the tests: node tests/oidc/provider.mjs <port> <redirect_uri>
// Its development sign-in page takes any login; the account's address is
// <login>@op.example, verified. Prints "ready" once it listens.
import Provider from "oidc-provider";

const [port, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: "gazette",
    client_secret: "gazette-test-secret",
    redirect_uris: [redirectUri],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@op.example`, email_verified: true, name: `Reader ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ["gazette-test-cookie-key"] },
});
provider.proxy = false;
provider.listen(Number(port), "127.0.0.1", () => console.log("ready"));
