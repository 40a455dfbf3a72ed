package io.glancestore.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The little XML S3 answers with, read without DTDs or external entities (an answer is data,
 * never instructions to the parser).
 */
final class S3Xml {

    private S3Xml() {
    }

    /**
     * Parses an answer.
     *
     * @param body the bytes
     * @return the document, or {@code null} when the body is empty or not XML
     */
    static Document parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" on stderr
            return b.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    /**
     * The text of the first element of a name, anywhere in the document.
     *
     * @param doc the document, may be {@code null}
     * @param name the element name
     * @return the text, stripped, or {@code null}
     */
    static String text(Document doc, String name) {
        if (doc == null) {
            return null;
        }
        NodeList nodes = doc.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    /**
     * The texts of a child element of every element of a name, in document order.
     *
     * @param doc the document, may be {@code null}
     * @param parent the name of the repeated element, e.g. {@code Upload}
     * @param child the name of the child to read, e.g. {@code UploadId}
     * @return the texts, stripped
     */
    static List<String> texts(Document doc, String parent, String child) {
        List<String> texts = new ArrayList<>();
        if (doc == null) {
            return texts;
        }
        NodeList nodes = doc.getElementsByTagName(parent);
        for (int i = 0; i < nodes.getLength(); i++) {
            NodeList children = ((Element) nodes.item(i)).getElementsByTagName(child);
            if (children.getLength() > 0) {
                texts.add(children.item(0).getTextContent().strip());
            }
        }
        return texts;
    }

    /**
     * The error code of an error answer: the {@code Code} of a root {@code Error} element.
     *
     * @param body the answer's bytes
     * @return the code, or {@code null} when the body is no S3 error
     */
    static String errorCode(byte[] body) {
        Document doc = parse(body);
        if (doc == null || !"Error".equals(doc.getDocumentElement().getNodeName())) {
            return null;
        }
        return text(doc, "Code");
    }
}
