package dev.prflow.activities.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the declared dependencies of {@code pom.xml}, {@code package.json}, {@code
 * requirements.txt} and {@code go.mod}. The input comes from an untrusted repository, so XML is
 * parsed without DTDs or external entities, and no input makes it throw.
 */
public final class ManifestParser {

  public static final Set<String> FILE_NAMES =
      Set.of("pom.xml", "package.json", "requirements.txt", "go.mod");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final Pattern REQUIREMENT =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*(.*)");
  private static final int MAX_PROBLEM_CHARS = 200;

  private ManifestParser() {}

  public static boolean isManifest(String fileName) {
    return FILE_NAMES.contains(fileName);
  }

  /** Parses a manifest by its file name; null when the name is not a known manifest. */
  public static Manifest parse(String path, String content) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String text = content == null ? "" : content;
    try {
      return switch (name) {
        case "pom.xml" -> maven(path, text);
        case "package.json" -> npm(path, text);
        case "requirements.txt" -> pip(path, text);
        case "go.mod" -> goModules(path, text);
        default -> null;
      };
    } catch (RuntimeException e) {
      return Manifest.broken(path, ecosystem(name), "could not be parsed: " + summary(e));
    }
  }

  static String ecosystem(String fileName) {
    return switch (fileName) {
      case "pom.xml" -> "Maven";
      case "package.json" -> "npm";
      case "requirements.txt" -> "pip";
      case "go.mod" -> "Go modules";
      default -> "unknown";
    };
  }

  private static Manifest maven(String path, String text) {
    Document document;
    try {
      DocumentBuilder builder = safeXmlFactory().newDocumentBuilder();
      builder.setErrorHandler(SILENT);
      document = builder.parse(new InputSource(new StringReader(text)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      return Manifest.broken(path, "Maven", "could not be parsed: " + summary(e));
    }
    Element project = document.getDocumentElement();
    if (project == null || !"project".equals(localName(project))) {
      return Manifest.broken(
          path, "Maven", "could not be parsed: the root element is not <project>");
    }
    Map<String, String> properties = new HashMap<>();
    Element props = child(project, "properties");
    if (props != null) {
      for (Element property : children(props, null)) {
        properties.put(localName(property), property.getTextContent().strip());
      }
    }
    Element parent = child(project, "parent");
    String version =
        firstNonBlank(text(project, "version"), parent == null ? null : text(parent, "version"));
    String groupId =
        firstNonBlank(text(project, "groupId"), parent == null ? null : text(parent, "groupId"));
    if (version != null) {
      properties.putIfAbsent("project.version", version);
    }
    if (groupId != null) {
      properties.putIfAbsent("project.groupId", groupId);
    }
    List<String> dependencies = new ArrayList<>();
    Element declared = child(project, "dependencies");
    if (declared != null) {
      for (Element dependency : children(declared, "dependency")) {
        StringBuilder line = new StringBuilder();
        line.append(resolve(text(dependency, "groupId"), properties))
            .append(':')
            .append(resolve(text(dependency, "artifactId"), properties));
        String depVersion = text(dependency, "version");
        if (depVersion != null) {
          line.append(':').append(resolve(depVersion, properties));
        }
        String scope = text(dependency, "scope");
        if (scope != null && !"compile".equals(scope)) {
          line.append(" (").append(scope).append(')');
        }
        dependencies.add(line.toString());
      }
    }
    return new Manifest(path, "Maven", dependencies, null);
  }

  private static Manifest npm(String path, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return Manifest.broken(path, "npm", "could not be parsed: " + summary(e));
    }
    if (root == null || !root.isObject()) {
      return Manifest.broken(path, "npm", "could not be parsed: not a JSON object");
    }
    List<String> dependencies = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String section : List.of("dependencies", "devDependencies")) {
      JsonNode node = root.get(section);
      if (node == null || node.isNull()) {
        continue;
      }
      if (!node.isObject()) {
        problems.add("\"" + section + "\" is not an object");
        continue;
      }
      String suffix = "devDependencies".equals(section) ? " (dev)" : "";
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        JsonNode spec = entry.getValue();
        String version = spec.isTextual() ? spec.asText() : spec.toString();
        dependencies.add(entry.getKey() + "@" + version + suffix);
      }
    }
    String problem = problems.isEmpty() ? null : String.join("; ", problems);
    return new Manifest(path, "npm", dependencies, problem);
  }

  private static Manifest pip(String path, String text) {
    List<String> dependencies = new ArrayList<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      int comment = line.startsWith("#") ? 0 : line.indexOf(" #");
      if (comment >= 0) {
        line = line.substring(0, comment).strip();
      }
      if (line.isEmpty() || line.startsWith("-")) {
        continue; // blank, comment or an option such as -r, -e, --index-url
      }
      Matcher m = REQUIREMENT.matcher(line);
      if (!m.matches() || line.contains("://")) {
        continue; // a URL or path requirement names no package
      }
      String spec = m.group(3).strip();
      int marker = spec.indexOf(';');
      if (marker >= 0) {
        spec = spec.substring(0, marker).strip();
      }
      String extras = m.group(2) == null ? "" : m.group(2);
      dependencies.add(spec.isEmpty() ? m.group(1) + extras : m.group(1) + extras + " " + spec);
    }
    return new Manifest(path, "pip", dependencies, null);
  }

  private static Manifest goModules(String path, String text) {
    List<String> dependencies = new ArrayList<>();
    boolean inBlock = false;
    for (String raw : text.split("\\R")) {
      int slashes = raw.indexOf("//");
      String code = (slashes >= 0 ? raw.substring(0, slashes) : raw).strip();
      boolean indirect = slashes >= 0 && raw.substring(slashes).contains("indirect");
      if (inBlock) {
        if (code.startsWith(")")) {
          inBlock = false;
        } else if (!code.isEmpty()) {
          addGoRequirement(dependencies, code, indirect);
        }
      } else if (code.matches("require\\s*\\(.*")) {
        inBlock = true;
      } else if (code.startsWith("require ") || code.startsWith("require\t")) {
        addGoRequirement(dependencies, code.substring("require".length()).strip(), indirect);
      }
    }
    String problem = inBlock ? "could not be parsed: a require block is not closed" : null;
    return new Manifest(path, "Go modules", dependencies, problem);
  }

  private static void addGoRequirement(List<String> into, String code, boolean indirect) {
    String[] parts = code.split("\\s+");
    if (parts.length >= 2) {
      into.add(parts[0] + " " + parts[1] + (indirect ? " (indirect)" : ""));
    }
  }

  private static DocumentBuilderFactory safeXmlFactory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  /** Keeps the XML parser from printing "[Fatal Error]" lines to stderr; errors still throw. */
  private static final ErrorHandler SILENT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  private static String localName(Node node) {
    return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (name == null || name.equals(localName(e)))) {
        found.add(e);
      }
    }
    return found;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    if (element == null) {
      return null;
    }
    String value = element.getTextContent().strip();
    return value.isEmpty() ? null : value;
  }

  private static String firstNonBlank(String a, String b) {
    return a != null ? a : b;
  }

  private static String resolve(String value, Map<String, String> properties) {
    if (value == null) {
      return "?";
    }
    Matcher m = PROPERTY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = properties.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String summary(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof JsonProcessingException json && json.getOriginalMessage() != null) {
      message = json.getOriginalMessage();
      if (json.getLocation() != null) {
        message += " (line " + json.getLocation().getLineNr() + ")";
      }
    } else if (e instanceof SAXParseException sax) {
      message = message + " (line " + sax.getLineNumber() + ")";
    }
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() > MAX_PROBLEM_CHARS ? line.substring(0, MAX_PROBLEM_CHARS) + "…" : line;
  }
}
