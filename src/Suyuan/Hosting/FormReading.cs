namespace Suyuan.Hosting;

/// <summary>Reading a form body, where a body that is not a well-formed form is the client's fault: a 400 naming what is wrong.</summary>
internal static class FormReading
{
    /// <summary>
    /// <see cref="HttpRequest.ReadFormAsync(CancellationToken)"/>, with a malformed body (a broken multipart part, a missing
    /// boundary, a value the form reader refuses) turned into a <see cref="BadHttpRequestException"/> (400) instead of
    /// the reader's <see cref="InvalidDataException"/>, which elsewhere means data the server itself holds is damaged, and a
    /// multipart body cut short (the reader's <see cref="IOException"/>) the same.
    /// </summary>
    public static async Task<IFormCollection> ReadFormCheckedAsync(this HttpRequest request, CancellationToken ct = default)
    {
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e)
        {
            throw new BadHttpRequestException($"the body is not a well-formed form: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A multipart body that ends before its closing boundary (or inside a part's headers): the client's body, cut short.
            throw new BadHttpRequestException($"the body is not a well-formed form (it ends too early): {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }
}
