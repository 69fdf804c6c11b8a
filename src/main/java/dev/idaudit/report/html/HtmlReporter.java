package dev.idaudit.report.html;

import dev.idaudit.report.ReportFiles;
import dev.idaudit.report.ReportInput;
import dev.idaudit.report.Reporter;
import dev.idaudit.util.BadInputException;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * One self-contained HTML file: the stylesheet, the script and the charts are inline and a
 * Content-Security-Policy forbids every network request, so the report opens offline, from an
 * e-mail attachment, or from an evidence archive years later and shows exactly what it showed.
 *
 * <p>Templates are Freemarker {@code .ftlh} files (HTML auto-escaping on) from
 * {@code report-templates/} in the jar; {@code --templates DIR} puts the user's own directory
 * in front, so a user can override a single file. Templates are sandboxed: no {@code ?new} of
 * Java classes, no {@code ?api}.
 *
 * <p>The findings table is data, not markup: the rows are one JSON array that the script
 * filters, sorts and pages, so 20,000 findings stay usable and the file stays small.
 */
public final class HtmlReporter implements Reporter {

    static final String MAIN_TEMPLATE = "report.ftlh";
    static final String STYLESHEET = "report.css";
    static final String SCRIPT = "report.js";
    static final String CLASSPATH_TEMPLATES = "idaudit/report-templates";

    private final Configuration freemarker;

    /** The built-in templates. */
    public HtmlReporter() {
        this(null);
    }

    /** The user's templates in {@code templatesDir} first, then the built-in ones; null for built-in only. */
    public HtmlReporter(Path templatesDir) {
        this.freemarker = configure(templatesDir);
    }

    @Override
    public String format() {
        return "html";
    }

    @Override
    public String defaultFileName() {
        return "report.html";
    }

    @Override
    public void write(ReportInput input, Path out) throws IOException {
        String styles = raw(STYLESHEET);
        String script = raw(SCRIPT);
        HtmlModel model = HtmlModel.of(input, styles, script);
        Template template = template(MAIN_TEMPLATE);
        ReportFiles.writeText(out, w -> {
            try {
                template.process(Map.of("r", model), w);
            } catch (TemplateException e) {
                throw new BadInputException("report template " + e.getTemplateSourceName() + ", line " + e.getLineNumber()
                        + ": " + e.getMessageWithoutStackTop(), e);
            }
        });
    }

    /** A file that is inlined as it is (the stylesheet, the script): not parsed, not escaped. */
    private String raw(String name) throws IOException {
        try {
            Template t = freemarker.getTemplate(name, null, null, false);
            StringWriter sw = new StringWriter();
            t.process(Map.of(), sw);
            return sw.toString();
        } catch (TemplateNotFoundException e) {
            throw new BadInputException("report template " + name + " not found in " + describeLoader(), e);
        } catch (TemplateException e) {
            throw new IllegalStateException("unparsed template cannot fail", e);
        }
    }

    private Template template(String name) throws IOException {
        try {
            Template t = freemarker.getTemplate(name);
            if (t.getOutputFormat() != HTMLOutputFormat.INSTANCE) {
                throw new BadInputException("report template " + name + " must be an .ftlh file (HTML auto-escaping)");
            }
            return t;
        } catch (TemplateNotFoundException e) {
            throw new BadInputException("report template " + name + " not found in " + describeLoader(), e);
        } catch (freemarker.core.ParseException e) {
            throw new BadInputException("report template " + e.getTemplateName() + ", line " + e.getLineNumber() + ": "
                    + e.getEditorMessage(), e);
        }
    }

    private String describeLoader() {
        return freemarker.getTemplateLoader() instanceof MultiTemplateLoader ? "the --templates directory or the built-in templates"
                : "the built-in templates";
    }

    /**
     * The Freemarker set-up of every idaudit HTML page (also the access review's pack): built-in
     * templates, with {@code templatesDir} in front when not null; auto-escaping, sandboxed.
     */
    public static Configuration configure(Path templatesDir) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        TemplateLoader builtIn = new ClassTemplateLoader(HtmlReporter.class.getClassLoader(), CLASSPATH_TEMPLATES);
        if (templatesDir == null) {
            cfg.setTemplateLoader(builtIn);
        } else {
            if (!Files.isDirectory(templatesDir)) {
                throw new BadInputException(templatesDir + ": --templates is not a directory");
            }
            try {
                cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(templatesDir.toFile()), builtIn}));
            } catch (IOException e) {
                throw new BadInputException(templatesDir + ": cannot read templates: " + e.getMessage(), e);
            }
        }
        // .ftlh turns on HTML auto-escaping; records are read as r.field.
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        // User templates are code we did not write: no Java object creation, no raw API access.
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        return cfg;
    }
}
