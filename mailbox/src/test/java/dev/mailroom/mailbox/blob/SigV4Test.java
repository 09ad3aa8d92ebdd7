package dev.mailroom.mailbox.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SigV4Test {

    /** AWS's worked example "GET Object" (S3 API reference, Signature Version 4, single chunk payload). */
    @Test
    void signsAwsPublishedGetObjectExample() {
        SigV4 signer = new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
        headers.put("x-amz-date", SigV4.amzDate(Instant.parse("2013-05-24T00:00:00Z")));

        String authorization = signer.authorization("GET", "/test.txt", headers, SigV4.EMPTY_SHA256);

        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", authorization);
    }

    @Test
    void encodesEverythingButUnreservedCharactersInAPathSegment() {
        assertEquals("mail%20room%2Fx~y_z.-0", SigV4.encodeSegment("mail room/x~y_z.-0"));
        assertEquals("%C3%A9", SigV4.encodeSegment("é"));
    }
}
