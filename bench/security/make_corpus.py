#!/usr/bin/env python3
"""Writes the labelled secret-scanner corpus (synthetic, fixed seed) used by CorpusQualityTest and
bench/security/run.sh. Re-running it reproduces the committed files byte for byte.

Every "secret" here is random text in the right format, made up for testing: none is a real
credential. Usage: python3 bench/security/make_corpus.py [output-dir]
"""
import base64
import json
import os
import random
import string
import sys
import uuid

rng = random.Random(20240603)
UP = string.ascii_uppercase
LOW = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LOW + DIG
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def r(chars, n):
    return "".join(rng.choice(chars) for _ in range(n))


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def fake_uuid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


positives = []
negatives = []


def pos(kind, file, line):
    positives.append({"id": f"p{len(positives) + 1:03d}", "type": kind, "file": file, "line": line})


def neg(kind, file, line):
    negatives.append({"id": f"n{len(negatives) + 1:03d}", "type": kind, "file": file, "line": line})


# ------------------------------------------------------------------ true secrets
B32 = UP + "234567"
for f, tpl in [
    ("config/app.yml", "  access_key_id: {}"),
    (".env", "AWS_ACCESS_KEY_ID={}"),
    ("deploy/upload.py", 's3 = boto3.client("s3", aws_access_key_id="{}")'),
    ("src/main/resources/application.properties", "cloud.aws.credentials.access-key={}"),
]:
    pos("aws-access-key-id", f, tpl.format("AKIA" + r(B32, 16)))
pos("aws-access-key-id", "scripts/assume.sh", "export AWS_ACCESS_KEY_ID=ASIA" + r(B32, 16))

for f, tpl in [
    ("config/credentials", "aws_secret_access_key = {}"),
    (".env.production", "AWS_SECRET_ACCESS_KEY={}"),
    ("infra/stack.json", '    "SecretAccessKey": "{}",'),
    ("deploy/upload.py", '    aws_secret_access_key="{}",'),
]:
    pos("aws-secret-access-key", f, tpl.format(r(B64, 40)))

for f, tpl in [
    (".github/scripts/release.sh", 'curl -H "Authorization: token {}" https://api.github.com/user'),
    ("src/github/client.ts", 'const GITHUB_TOKEN = "{}";'),
    ("config/ci.yml", "  github_token: {}"),
]:
    pos("github-classic-pat", f, tpl.format("ghp_" + r(ALNUM, 36)))
pos("github-fine-grained-pat", "tools/sync.py",
    'TOKEN = "github_pat_' + r(ALNUM, 22) + "_" + r(ALNUM, 59) + '"')
pos("github-fine-grained-pat", ".env", "GH_PAT=github_pat_" + r(ALNUM, 22) + "_" + r(ALNUM, 59))
pos("github-oauth-token", "src/auth/session.go", 'oauthToken := "gho_' + r(ALNUM, 36) + '"')
pos("github-oauth-token", "notes/debug.md", "used gho_" + r(ALNUM, 36) + " to reproduce")
pos("github-app-token", "bot/app.js", "const installationToken = 'ghs_" + r(ALNUM, 36) + "';")
pos("github-app-token", "bot/user.rb", 'USER_TOKEN = "ghu_' + r(ALNUM, 36) + '"')
pos("github-refresh-token", "bot/refresh.py", 'refresh = "ghr_' + r(ALNUM, 76) + '"')

for f, tpl in [
    (".gitlab-ci.yml", "    - git clone https://oauth2:{}@gitlab.com/team/app.git"),
    ("scripts/mr.sh", 'curl --header "PRIVATE-TOKEN: {}" "$CI_API_V4_URL/projects"'),
    ("config/gitlab.rb", "GITLAB_TOKEN = '{}'"),
]:
    pos("gitlab-pat", f, tpl.format("glpat-" + r(URLSAFE, 20)))
pos("gitlab-runner-token", "runner/config.toml", '  token = "glrt-' + r(URLSAFE, 20) + '"')

for f, tpl in [
    ("src/slack/notify.py", 'client = WebClient(token="{}")'),
    ("config/slack.yml", "bot_token: {}"),
]:
    pos("slack-bot-token", f, tpl.format("xoxb-" + r(DIG, 12) + "-" + r(DIG, 13) + "-" + r(ALNUM, 24)))
pos("slack-user-token", "scripts/export.js",
    "const userToken = 'xoxp-" + r(DIG, 12) + "-" + r(DIG, 12) + "-" + r(DIG, 13) + "-" + r(HEX, 32) + "';")
for f, tpl in [
    ("src/alerts.ts", 'const WEBHOOK = "https://hooks.slack.com/services/{}";'),
    (".env", "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/{}"),
    ("monitoring/alertmanager.yml", "      api_url: https://hooks.slack.com/services/{}"),
]:
    pos("slack-webhook-url", f, tpl.format("T" + r(UP + DIG, 8) + "/B" + r(UP + DIG, 10) + "/" + r(ALNUM, 24)))

for f, tpl in [
    ("src/billing/stripe.js", "const stripe = require('stripe')('{}');"),
    ("config/settings.py", 'STRIPE_SECRET_KEY = "{}"'),
    (".env", "STRIPE_KEY={}"),
]:
    pos("stripe-live-key", f, tpl.format("sk_live_" + r(ALNUM, 99)))
pos("stripe-restricted-key", "billing/report.rb", "Stripe.api_key = 'rk_live_" + r(ALNUM, 99) + "'")
pos("stripe-test-key", "src/billing/config.ts", "export const stripeKey = 'sk_test_" + r(ALNUM, 99) + "';")
pos("stripe-test-key", "docker-compose.yml", "      STRIPE_API_KEY: sk_test_" + r(ALNUM, 24))

for f, tpl in [
    ("web/maps.html", '<script src="https://maps.googleapis.com/maps/api/js?key={}"></script>'),
    ("android/app/src/main/res/values/keys.xml", '<string name="maps_key">{}</string>'),
    ("src/geo.py", 'GOOGLE_API_KEY = "{}"'),
]:
    pos("google-api-key", f, tpl.format("AIza" + r(URLSAFE, 35)))

pos("private-key", "deploy/id_rsa", "-----BEGIN RSA PRIVATE KEY-----")
pos("private-key", "certs/server.key", "-----BEGIN PRIVATE KEY-----")
pos("private-key", "keys/deploy_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----")
pos("private-key", "certs/ec.pem", "-----BEGIN EC PRIVATE KEY-----")
pos("private-key", "config/service-account.json",
    '  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEv' + r(B64, 60) + '\\n",')

for f in ["src/api/client.test.http", "config/dev.env", "src/auth/token.js"]:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"sub": str(rng.randint(10**6, 10**7)), "name": r(LOW, 8),
                                 "iat": rng.randint(1_600_000_000, 1_700_000_000)}).encode())
    sig = r(URLSAFE, 43)
    token = header + "." + payload + "." + sig
    line = {"src/api/client.test.http": "Authorization: Bearer " + token,
            "config/dev.env": "SESSION_JWT=" + token,
            "src/auth/token.js": "const jwt = '" + token + "';"}[f]
    pos("jwt", f, line)

pos("npm-token", ".npmrc", "//registry.npmjs.org/:_authToken=npm_" + r(ALNUM, 36))
pos("npm-token", ".github/workflows/publish.yml", "          NODE_AUTH_TOKEN: npm_" + r(ALNUM, 36))

pos("openai-api-key", "src/llm.py", 'openai.api_key = "sk-proj-' + r(URLSAFE, 156) + '"')
pos("openai-api-key", ".env", "OPENAI_API_KEY=sk-proj-" + r(URLSAFE, 120))
pos("openai-api-key", "scripts/summarise.js", "const key = 'sk-" + r(ALNUM, 20) + "T3BlbkFJ" + r(ALNUM, 20) + "';")
pos("anthropic-api-key", "agent/config.py", 'ANTHROPIC_API_KEY = "sk-ant-api03-' + r(URLSAFE, 93) + 'AA"')
pos("anthropic-api-key", ".env.local", "ANTHROPIC_API_KEY=sk-ant-api03-" + r(URLSAFE, 93) + "AA")

for f, tpl in [
    ("config/database.yml", "  url: postgres://app_user:{}@db.internal.example.net:5432/app"),
    (".env", "DATABASE_URL=postgresql://billing:{}@10.2.3.4/billing"),
    ("src/db.js", "const uri = 'mongodb+srv://admin:{}@cluster0.ab1cd.mongodb.net/prod';"),
    ("settings.py", 'CACHE_URL = "redis://default:{}@redis-12345.cloud.redislabs.com:12345"'),
    ("docker-compose.yml", "      BROKER_URL: amqp://worker:{}@rabbit.internal:5672/"),
    ("src/main/resources/application.yml", "    url: mysql://reporting:{}@mysql.prod.internal:3306/reports"),
]:
    pos("database-url-password", f, tpl.format(r(ALNUM + "!#%^*", 18)))

for f, tpl in [
    ("src/payments/client.py", 'api_key = "{}"'),
    ("src/services/mail.js", "const apiKey = '{}';"),
    ("src/main/java/com/acme/Config.java", '  private static final String CLIENT_SECRET = "{}";'),
    ("app/settings.rb", "config.secret_token = '{}'"),
    ("internal/auth/auth.go", 'const signingSecret = "{}"'),
    ("src/App.kt", 'val password = "{}"'),
]:
    pos("generic-secret", f, tpl.format(r(ALNUM, 32)))
pos("generic-password", "src/db/connect.php", "$password = '" + r(ALNUM + "!@#$%", 16) + "';")
pos("generic-password", "config/settings.py", 'DB_PASSWORD = "' + r(ALNUM + "!@#%", 20) + '"')
pos("generic-config-secret", ".env", "JWT_SECRET=" + r(ALNUM, 40))
pos("generic-config-secret", "config/application.yml", "  client-secret: " + r(ALNUM, 32))
pos("generic-config-secret", "deploy/values.yaml", "  apiToken: " + r(ALNUM + "-_", 40))
pos("generic-config-secret", "config/app.properties", "mail.smtp.password=" + r(ALNUM, 20))

pos("sendgrid-api-key", "src/mailer.py", 'SENDGRID_API_KEY = "SG.' + r(URLSAFE, 22) + "." + r(URLSAFE, 43) + '"')
pos("sendgrid-api-key", "config/mail.js", "sgMail.setApiKey('SG." + r(URLSAFE, 22) + "." + r(URLSAFE, 43) + "');")
pos("telegram-bot-token", "bot/main.py", 'bot = telebot.TeleBot("' + r(DIG, 10) + ":AA" + r(URLSAFE, 33) + '")')
pos("shopify-token", "shop/sync.rb", "ShopifyAPI::Context.setup(api_key: 'shpat_" + r(HEX, 32) + "')")
pos("pypi-token", ".pypirc", "password = pypi-AgEIcHlwaS5vcmc" + r(URLSAFE, 70))
pos("docker-hub-pat", ".github/workflows/docker.yml", "          password: dckr_pat_" + r(URLSAFE, 27))
pos("vault-token", "scripts/vault.sh", "export VAULT_TOKEN=hvs." + r(URLSAFE, 24))
pos("azure-storage-key", "config/azure.env",
    "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey="
    + r(B64, 86) + "==;EndpointSuffix=core.windows.net")

# ------------------------------------------------------------------ look-alikes that are not secrets
for i in range(10):
    f, tpl = rng.choice([
        ("src/orders/model.py", 'ORDER_NAMESPACE = uuid.UUID("{}")'),
        ("db/seed.sql", "INSERT INTO tenants (id, name) VALUES ('{}', 'acme');"),
        ("src/fixtures/users.json", '  {{"id": "{}", "name": "Ada"}},'),
        ("src/main/java/com/acme/Ids.java", '  static final UUID ROOT = UUID.fromString("{}");'),
        ("config/app.yml", "  instance_id: {}"),
        ("src/trace.ts", "const requestId = '{}';"),
    ])
    neg("uuid", f, tpl.format(fake_uuid()))
for i in range(10):
    f, tpl = rng.choice([
        ("CHANGELOG.md", "- fix the retry loop ({})"),
        (".github/workflows/ci.yml", "      - uses: actions/checkout@{}"),
        ("go.mod", "replace example.org/lib => example.org/lib v0.0.0-20240101000000-{}"),
        ("scripts/bisect.sh", "git bisect good {}"),
        ("src/version.ts", "export const COMMIT = '{}';"),
        ("docs/release.md", "Built from commit `{}`."),
    ])
    sha = r(HEX, 40) if "go.mod" not in f else r(HEX, 12)
    neg("git-sha", f, tpl.format(sha))
for i in range(10):
    f, tpl = rng.choice([
        ("Dockerfile", "FROM eclipse-temurin:17-jre@sha256:{}"),
        ("scripts/download.sh", 'echo "{}  tool.tar.gz" | sha256sum -c -'),
        ("deploy/k8s.yaml", "        image: ghcr.io/acme/api@sha256:{}"),
        ("checksums.txt", "{}  prflow-0.1.0.jar"),
        ("build.gradle", "    sha256 = '{}'"),
        ("src/assets.py", 'EXPECTED_DIGEST = "{}"'),
    ])
    neg("sha256", f, tpl.format(r(HEX, 64)))
for i in range(10):
    blob = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(rng.choice([48, 60, 90])))).decode()
    f, tpl = rng.choice([
        ("web/src/icons.ts", "export const LOGO = 'data:image/png;base64,{}';"),
        ("src/test/resources/payload.json", '  "body": "{}",'),
        ("web/index.html", '<img src="data:image/gif;base64,{}">'),
        ("src/fonts.css", "  src: url(data:font/woff2;base64,{}) format('woff2');"),
        ("config/cert-bundle.yml", "  caBundle: {}"),
    ])
    neg("base64-blob", f, tpl.format(blob))
for i in range(6):
    neg("npm-integrity", rng.choice(["web/package.json", "package-lock.json", "yarn.lock"]),
        '      "integrity": "sha512-' + base64.b64encode(bytes(rng.getrandbits(8) for _ in range(64))).decode() + '",')

# documented example values
neg("doc-example", "docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE")
neg("doc-example", "docs/aws.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
neg("doc-example", "README.md", "export AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE")
neg("doc-example", "README.md", "export AWS_SECRET_ACCESS_KEY=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")
neg("doc-example", "docs/slack.md", "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
neg("doc-example", "docs/auth.md",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
neg("doc-example", "docs/github.md", "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
neg("doc-example", "docs/gitlab.md", "export GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx")
neg("doc-example", "docs/stripe.md", "STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXXXXXX")
neg("doc-example", "docs/openai.md", "OPENAI_API_KEY=sk-proj-your-api-key-goes-here-replace-me-before-running")
neg("doc-example", "docs/maps.md", "GOOGLE_MAPS_KEY=AIzaSyEXAMPLE-EXAMPLE-EXAMPLE-EXAMPL")
neg("doc-example", "docs/db.md", "DATABASE_URL=postgres://user:password@localhost:5432/mydb")
neg("doc-example", "docs/npm.md", "//registry.npmjs.org/:_authToken=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
neg("doc-example", "docs/anthropic.md", "ANTHROPIC_API_KEY=sk-ant-api03-your-key-here")

# placeholders and references
for f, line in [
    ("config/app.yml", '  password: "${DB_PASSWORD}"'),
    ("config/app.yml", "  api_key: <your-api-key>"),
    ("templates/settings.j2", 'SECRET_KEY = "{{ secret_key }}"'),
    (".env.example", "STRIPE_SECRET_KEY=changeme"),
    ("src/settings.py", 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'),
    ("src/config.ts", "const apiKey = process.env.OPENAI_API_KEY;"),
    ("internal/config/config.go", 'secret := os.Getenv("APP_SECRET")'),
    ("src/main/resources/application.yml", "    password: ${SPRING_DATASOURCE_PASSWORD:}"),
    ("docker-compose.yml", "      DATABASE_URL: postgres://app:${POSTGRES_PASSWORD}@db:5432/app"),
    ("docker-compose.yml", "      POSTGRES_PASSWORD: postgres"),
    ("docker-compose.yml", "      DATABASE_URL: postgres://postgres:postgres@localhost:5432/dev"),
    ("config/app.yml", '  password: "********"'),
    ("src/Config.java", '  private String password = "";'),
    ("helm/values.yaml", "  token: {{ .Values.global.token }}"),
    ("config/settings.py", 'API_KEY = "INSERT_YOUR_API_KEY_HERE"'),
    ("src/client.py", 'TOKEN = "<GITHUB_TOKEN>"'),
    ("terraform/variables.tf", '  default = "REPLACE_ME"'),
    (".env.sample", "OPENAI_API_KEY=your-openai-api-key"),
    ("config/secrets.yml", "  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>"),
    ("src/db.go", 'dsn := fmt.Sprintf("postgres://%s:%s@%s/%s", user, pass, host, name)'),
]:
    neg("placeholder", f, line)

# names, labels and code that mention secrets without containing one
for f, line in [
    ("src/auth/forms.py", 'password = request.form["password"]'),
    ("src/auth/login.ts", "const token = await auth.getToken(user);"),
    ("src/main/java/com/acme/Secrets.java", '  String secretName = "prod/payments/stripe";'),
    ("src/config.py", 'API_KEY_ENV = "STRIPE_API_KEY"'),
    ("web/src/forms/signup.ts", "const passwordField = 'passwordConfirmation';"),
    ("web/src/i18n/en.json", '  "password": "Enter your password",'),
    ("web/src/i18n/de.json", '  "token_expired": "Ihre Sitzung ist abgelaufen",'),
    ("src/tokenize.py", 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")'),
    ("src/llm.py", "max_tokens = 4096"),
    ("src/auth/jwt.ts", "const TOKEN_HEADER = 'Authorization';"),
    ("src/auth/oauth.py", 'token_url = "https://oauth2.googleapis.com/token"'),
    ("src/auth/oauth.py", 'token_type = "Bearer"'),
    ("src/main/java/com/acme/Pem.java", '    if (text.startsWith("-----BEGIN PRIVATE KEY-----")) {'),
    ("src/crypto/keys.go", 'const pemHeader = "-----BEGIN RSA PRIVATE KEY-----"'),
    ("src/auth/validate.py", 'password_pattern = r"^(?=.*[A-Z])(?=.*\\d)(?=.*[a-z]).{12,}$"'),
    ("src/auth/users.py", 'password_hash = "$2b$12$' + r(ALNUM + "./", 53) + '"'),
    ("web/src/theme.css", "  --token-primary: #3b82f6;"),
    ("src/api/routes.ts", "router.post('/api/token/refresh', refreshToken);"),
    ("src/settings.py", 'SESSION_COOKIE_NAME = "sessionid"'),
    ("src/auth/keys.py", 'public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI' + r(B64, 43) + ' deploy@ci"'),
    ("src/billing/stripe.ts", "const publishableKey = 'pk_live_" + r(ALNUM, 24) + "';"),
    ("src/auth/google.ts", "const clientId = '" + r(DIG, 12) + "-" + r(LOW + DIG, 32) + ".apps.googleusercontent.com';"),
    ("src/cache.py", 'cache_key = f"user:{user_id}:token"'),
    ("src/auth/constants.ts", "export const PASSWORD_MIN_LENGTH = 12;"),
    ("src/auth/reset.py", 'secret_question = "What was the name of your first pet?"'),
    ("src/keys.ts", "const apiKeyHeader = 'X-Api-Key';"),
    ("src/main/java/com/acme/Vault.java", '  private static final String SECRET_PATH = "secret/data/payments";'),
    ("src/crypto.py", 'PRIVATE_KEY_PATH = "/etc/acme/keys/server.key"'),
    ("src/secrets.go", 'const credentialsFile = "credentials.json"'),
    ("web/src/auth.ts", "localStorage.setItem('accessToken', token);"),
]:
    neg("identifier", f, line)

# test fixtures (generic values only; provider-format keys in tests are still reported)
for f, line in [
    ("tests/test_auth.py", 'password = "' + r(ALNUM, 20) + '"'),
    ("src/test/java/com/acme/LoginTest.java", '    String token = "' + r(ALNUM, 32) + '";'),
    ("web/src/auth.test.ts", "const secret = '" + r(ALNUM, 24) + "';"),
    ("internal/auth/auth_test.go", '	apiKey := "' + r(ALNUM, 32) + '"'),
    ("spec/fixtures/config.yml", "  password: " + r(ALNUM, 16)),
    ("tests/fixtures/settings.py", 'SECRET_KEY = "' + r(ALNUM, 50) + '"'),
]:
    neg("test-fixture", f, line)

# ordinary high-entropy values
for i in range(4):
    neg("random-id", "src/analytics.ts", "const MEASUREMENT_ID = 'G-" + r(UP + DIG, 10) + "';")
for i in range(4):
    neg("hex-constant", "src/crc.c", "static const uint32_t TABLE_" + str(i) + " = 0x" + r(HEX.upper(), 8) + ";")
neg("semver", "package.json", '    "typescript": "^5.4.5",')
neg("ssh-public-key", "deploy/authorized_keys", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + r(B64, 200) + " ops@bastion")
neg("public-key", "certs/pub.pem", "-----BEGIN PUBLIC KEY-----")
neg("certificate", "certs/ca.pem", "-----BEGIN CERTIFICATE-----")

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "activities", "src", "test", "resources", "security", "corpus")
os.makedirs(out, exist_ok=True)
for name, items in [("positives.jsonl", positives), ("negatives.jsonl", negatives)]:
    with open(os.path.join(out, name), "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
types = sorted({p["type"] for p in positives})
print(f"{len(positives)} positives of {len(types)} types, {len(negatives)} negatives -> {out}")
