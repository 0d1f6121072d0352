package dev.prflow.activities.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Code-like text for scanner benchmarks ({@link ScannerBenchmark}, and {@code bench/run P4}, which
 * plants the labelled corpus in it): files of Java, Python, TypeScript and YAML lines filled in
 * from templates, all drawn from the caller's seeded {@link Random}, so a seed gives the same files
 * every time. No line is a secret.
 */
public final class GeneratedCode {

  /** One generated file: a relative path and its lines, without line terminators. */
  public record File(String path, List<String> lines) {}

  private static final String[] WORDS = {
    "order",
    "customer",
    "invoice",
    "payment",
    "item",
    "user",
    "account",
    "session",
    "report",
    "queue",
    "cache",
    "event",
    "message",
    "config",
    "record",
    "status",
    "total",
    "price",
    "count",
    "name",
    "address",
    "shipment",
    "ticket",
    "build",
    "result",
    "request",
    "response",
    "handler"
  };

  private static final String[] JAVA = {
    "  private final %sRepository %sRepository;",
    "  public %s find%s(long id) {",
    "    return %sRepository.findById(id).orElseThrow(() -> new NotFoundException(\"%s\"));",
    "    List<%s> %ss = new ArrayList<>();",
    "    for (%s %s : %ss) {",
    "      log.debug(\"processing {} {}\", %s.getId(), %s.getStatus());",
    "    if (%s == null || %s.isEmpty()) {",
    "    int %s = %s.size() + %d;",
    "  @Override",
    "  }",
    "    }",
    "    // keep the %s in sync with the %s cache",
    "import java.util.%s;",
    "    String %s = String.valueOf(%s.get%s());",
  };
  private static final String[] PYTHON = {
    "def %s_%s(self, %s):",
    "    %s = self.%s.get(%s, None)",
    "    if not %s:",
    "        return []",
    "    for %s in %s:",
    "        logger.info(\"%s %%s\", %s.id)",
    "    return {\"%s\": %s, \"%s\": %d}",
    "class %s%s(BaseModel):",
    "    %s: int = %d",
    "from app.%s import %s",
  };
  private static final String[] JS = {
    "export function %s%s(%s) {",
    "  const %s = await fetch(`/api/%s/${%s}`);",
    "  if (!%s.ok) throw new Error('%s failed');",
    "  return %s.map((%s) => %s.%s);",
    "}",
    "import { %s } from './%s';",
    "  const [%s, set%s] = useState(%d);",
    "  %s.addEventListener('click', () => %s(%d));",
  };
  private static final String[] YAML = {
    "  %s:", "    %s: %d", "    %s_%s: true", "    - name: %s-%s", "      image: acme/%s:%d.%d.%d",
  };

  private GeneratedCode() {}

  /** Files of 200 to 600 lines each until their text (one newline a line) reaches {@code bytes}. */
  public static List<File> files(long bytes, Random rnd) {
    List<File> out = new ArrayList<>();
    long written = 0;
    while (written < bytes) {
      String ext = new String[] {"java", "py", "ts", "yml"}[rnd.nextInt(4)];
      String path = "src/" + word(rnd) + "/" + word(rnd) + (out.size() + 1) + "." + ext;
      String[] templates =
          switch (ext) {
            case "java" -> JAVA;
            case "py" -> PYTHON;
            case "ts" -> JS;
            default -> YAML;
          };
      int count = 200 + rnd.nextInt(400);
      List<String> lines = new ArrayList<>(count);
      for (int n = 0; n < count; n++) {
        String line = fill(templates[rnd.nextInt(templates.length)], rnd);
        lines.add(line);
        written += line.length() + 1;
      }
      out.add(new File(path, lines));
    }
    return out;
  }

  private static String fill(String template, Random rnd) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '%' && i + 1 < template.length()) {
        char k = template.charAt(++i);
        if (k == 's') {
          out.append(word(rnd));
        } else if (k == 'd') {
          out.append(rnd.nextInt(1000));
        } else {
          out.append(k);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String word(Random rnd) {
    return WORDS[rnd.nextInt(WORDS.length)];
  }
}
