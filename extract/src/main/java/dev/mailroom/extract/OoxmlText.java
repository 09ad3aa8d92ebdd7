package dev.mailroom.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.util.ZipInputStreamZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * DOCX, XLSX and PPTX text, streamed: the OPC package opened by POI (its zip-bomb checks: minimum inflate ratio,
 * largest entry; entries above 1 MiB spill to temporary files instead of the heap), then each part's XML read by a
 * pull parser without DTDs or external entities, writing text as it goes. DOCX: the main document's runs
 * ({@code w:t}), tabs and breaks, a line per paragraph. PPTX: the slides in presentation order, their
 * {@code a:t} runs, a line per paragraph, a blank line per slide. XLSX: POI's event API
 * ({@link XSSFSheetXMLHandler}, read-only shared strings): each sheet's name, then a line per row, cells
 * tab-separated as Excel formats them.
 */
final class OoxmlText {

    private static final String PRESENTATION_SLIDE =
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide";
    private static final String STRICT_SLIDE = "http://purl.oclc.org/ooxml/officeDocument/relationships/slide";
    private static final int SPILL_TO_FILE_BYTES = 1 << 20;
    private static final XMLInputFactory XML = XMLHelper.newXMLInputFactory();

    private OoxmlText() {
    }

    static void read(byte[] content, DocumentType type, Limits limits, TextSink sink) throws Exception {
        OPCPackage pkg = open(content, limits);
        try {
            sink.check();
            switch (type) {
                case DOCX -> docx(pkg, sink);
                case PPTX -> pptx(pkg, sink);
                case XLSX -> xlsx(pkg, sink);
                default -> throw new IllegalArgumentException("not an OOXML type: " + type);
            }
        } finally {
            pkg.revert(); // read only: never written back
        }
    }

    /**
     * POI's zip limits are process-wide statics: they are set under this lock before every open, so that an
     * extraction always opens with its own limits (the same values in practice: one {@link Limits} per process).
     */
    private static synchronized OPCPackage open(byte[] content, Limits limits) throws Exception {
        ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
        ZipSecureFile.setMaxEntrySize(limits.maxZipEntryBytes());
        ZipSecureFile.setMaxTextSize(limits.maxChars() * 2L);
        ZipInputStreamZipEntrySource.setThresholdBytesForTempFiles(SPILL_TO_FILE_BYTES);
        return OPCPackage.open(new ByteArrayInputStream(content));
    }

    private static PackagePart mainPart(OPCPackage pkg) throws Exception {
        PackageRelationshipCollection rels = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
        if (rels.isEmpty()) {
            rels = pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT);
        }
        if (rels.isEmpty()) {
            throw new IOException("the package has no main document");
        }
        PackagePart part = pkg.getPart(rels.getRelationship(0));
        if (part == null) {
            throw new IOException("the package's main document is missing");
        }
        return part;
    }

    private static void docx(OPCPackage pkg, TextSink sink) throws Exception {
        try (InputStream in = mainPart(pkg).getInputStream()) {
            runs(in, sink, false);
        }
    }

    private static void pptx(OPCPackage pkg, TextSink sink) throws Exception {
        PackagePart presentation = mainPart(pkg);
        List<String> ids = new ArrayList<>();
        try (InputStream in = presentation.getInputStream()) {
            XMLStreamReader xml = XML.createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("sldId")) {
                        for (int i = 0; i < xml.getAttributeCount(); i++) {
                            if (xml.getAttributeLocalName(i).equals("id") && xml.getAttributeNamespace(i) != null
                                    && !xml.getAttributeNamespace(i).isEmpty()) {
                                ids.add(xml.getAttributeValue(i));
                            }
                        }
                    }
                }
            } finally {
                xml.close();
            }
        }
        for (String id : ids) {
            PackageRelationship rel = presentation.getRelationship(id);
            if (rel == null || !(PRESENTATION_SLIDE.equals(rel.getRelationshipType())
                    || STRICT_SLIDE.equals(rel.getRelationshipType()))) {
                continue;
            }
            PackagePart slide = presentation.getRelatedPart(rel);
            try (InputStream in = slide.getInputStream()) {
                runs(in, sink, true);
            }
            sink.blankLine();
        }
    }

    /**
     * Text runs of WordprocessingML ({@code w:t}, {@code w:tab}, {@code w:br}, {@code w:p}) or DrawingML
     * ({@code a:t}, {@code a:br}, {@code a:p}): elements are matched by local name within the part's own vocabulary.
     */
    private static void runs(InputStream in, TextSink sink, boolean drawing) throws XMLStreamException {
        XMLStreamReader xml = XML.createXMLStreamReader(in);
        try {
            boolean inText = false;
            int events = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if ((++events & 0x3ff) == 0) {
                    sink.check();
                }
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String name = xml.getLocalName();
                        if (name.equals("t")) {
                            inText = true;
                        } else if (!drawing && name.equals("tab")) {
                            sink.append("\t");
                        } else if (name.equals("br") || (!drawing && name.equals("cr"))) {
                            sink.append("\n");
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        String name = xml.getLocalName();
                        if (name.equals("t")) {
                            inText = false;
                        } else if (name.equals("p")) {
                            sink.endLine();
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (inText) {
                            sink.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        }
                    }
                    default -> {
                    }
                }
            }
        } finally {
            xml.close();
        }
    }

    private static void xlsx(OPCPackage pkg, TextSink sink) throws Exception {
        XSSFReader reader = new XSSFReader(pkg);
        reader.setUseReadOnlySharedStringsTable(true);
        ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
        DataFormatter formatter = new DataFormatter();
        XSSFReader.SheetIterator sheets = reader.getSheetIterator();
        while (sheets.hasNext()) {
            try (InputStream sheet = sheets.next()) {
                sink.append(sheets.getSheetName());
                sink.endLine();
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings,
                        new Rows(sink), formatter, false));
                xml.parse(new InputSource(sheet));
            }
            sink.blankLine();
        }
    }

    /** One line per row, cells separated by tabs. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final TextSink sink;
        private boolean first;

        Rows(TextSink sink) {
            this.sink = sink;
        }

        @Override
        public void startRow(int rowNum) {
            first = true;
        }

        @Override
        public void endRow(int rowNum) {
            sink.endLine();
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            if (!first) {
                sink.append("\t");
            }
            first = false;
            sink.append(formattedValue);
        }
    }
}
