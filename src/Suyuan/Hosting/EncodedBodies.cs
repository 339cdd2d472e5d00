namespace Suyuan.Hosting;

/// <summary>
/// A body sent with Content-Encoding gzip, deflate or br that does not decode is the client's fault: its decoder's errors
/// (InvalidDataException from gzip and deflate, InvalidOperationException from Brotli) become a 400 that names the
/// encoding, wherever the body is read, instead of reaching the exception handler as a server failure.
/// </summary>
internal static class EncodedBodies
{
    private const string EncodingKey = "suyuan.content-encoding";

    /// <summary>Why a body could not be read, for an endpoint whose parameter binding swallows that (a bare 400).</summary>
    private const string RefusalKey = "suyuan.unreadable-body";

    /// <summary>Why the request's body could not be read (it did not decode, or did not arrive as framed) and the field to name; null when it was read.</summary>
    public static (string Detail, string Pointer)? Refusal(HttpContext http) => http.Items[RefusalKey] as (string, string)?;

    /// <summary>Before the request decompression middleware, which takes the header away: remembers the encoding.</summary>
    public static IApplicationBuilder RememberContentEncoding(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            http.Items[EncodingKey] = encoding;
        }
        return next(http);
    });

    /// <summary>After it: the decoded body reports a body that does not decode as a bad request.</summary>
    public static IApplicationBuilder CheckDecodedBodies(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // A Content-Encoding still on the request is one the middleware did not decode (EpcisHeaders refuses it).
        if (http.Items[EncodingKey] is string encoding && http.Request.Headers.ContentEncoding.Count == 0)
        {
            http.Request.Body = new CheckedBody(http.Request.Body, encoding, http);
        }
        else if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            // Not encoded: read through the same stream, so that a body not framed as announced is remembered too.
            http.Request.Body = new CheckedBody(http.Request.Body, null, http);
        }
        return next(http);
    });

    /// <summary>
    /// A compressed body whose JSON is not valid may be one cut short in transit: gzip's and deflate's decoders end quietly
    /// where the bytes end (.NET does not check gzip's trailer), so the refusal says so beside the JSON's own fault.
    /// </summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Explained(HttpContext http, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem)
    {
        if (http.Items[EncodingKey] is string encoding && problem.ProblemDetails.Detail is { } detail && detail.StartsWith("not valid JSON", StringComparison.Ordinal))
        {
            problem.ProblemDetails.Detail = detail + $" (the body was sent with Content-Encoding: {encoding}; if it was cut short, its decoder cannot tell: send it whole)";
        }
        return problem;
    }

    /// <summary>Answered as a 400 naming the Content-Encoding header (<see cref="FrameworkProblems"/>).</summary>
    internal sealed class UndecodableBodyException(string message, int statusCode, Exception inner) : BadHttpRequestException(message, statusCode, inner);

    /// <param name="encoding">The Content-Encoding decoded beneath, or null for a body sent as it is.</param>
    private sealed class CheckedBody(Stream inner, string? encoding, HttpContext http) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (Exception e) when (Refuses(e))
            {
                throw Refused(e);
            }
        }

        /// <summary>
        /// gzip's and deflate's decoders throw InvalidDataException; Brotli's a plain InvalidOperationException, which the
        /// server's own faults (a disposed body, a read out of turn: subclasses or other types) are not taken for.
        /// </summary>
        private bool IsDecoderError(Exception e) =>
            encoding is not null && (e is InvalidDataException || e.GetType() == typeof(InvalidOperationException) && encoding.Equals("br", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// True for a decoder's error, answered as a refusal of the encoding. The web server's refusal of a body not framed as
        /// announced (a bad chunk, fewer bytes than its length) passes on unchanged, and is remembered for the problem body.
        /// </summary>
        private bool Refuses(Exception e)
        {
            if (e is BadHttpRequestException and not UndecodableBodyException)
            {
                http.Items[RefusalKey] = ($"the request body could not be read as sent: {e.Message}", "/body");
                return false;
            }
            return IsDecoderError(e);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, ct);
            }
            catch (Exception e) when (Refuses(e))
            {
                throw Refused(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private UndecodableBodyException Refused(Exception e)
        {
            var refused = new UndecodableBodyException($"the body is not valid {encoding} data (Content-Encoding: {encoding}); send it uncompressed or compressed as it says", StatusCodes.Status400BadRequest, e);
            http.Items[RefusalKey] = (refused.Message, "/headers/Content-Encoding");
            return refused;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
