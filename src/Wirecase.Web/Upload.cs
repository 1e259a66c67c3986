using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Wirecase.Web;

/// <summary>
/// A capture uploaded as multipart/form-data, streamed straight into a temporary file (never held in memory) and
/// counted as it arrives: past the size limit it is refused and what was written is deleted.
/// </summary>
internal sealed record Upload(string? Name, string? Path, string? Error, int Status)
{
    public static async Task<Upload> ReceiveAsync(HttpRequest request, string folder, long maxBytes, CancellationToken cancel)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Refused("Send the capture as a file of a form (multipart/form-data).", 400);
        string boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        if (boundary.Length == 0) return Refused("The form has no multipart boundary.", 400);
        var reader = new MultipartReader(boundary, request.Body);
        string? path = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancel).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                    continue;
                string name = System.IO.Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileName.HasValue ? disposition.FileName : disposition.FileNameStar).Value ?? "");
                if (name.Length == 0) return Refused("Choose a capture file to upload.", 400);
                path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N")[..8] + "-" + Safe(name));
                long written = 0;
                var buffer = new byte[1 << 16];
                await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    int n;
                    while ((n = await section.Body.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                    {
                        written += n;
                        if (written > maxBytes)
                        {
                            file.Close();
                            File.Delete(path);
                            return Refused($"{name} is larger than the upload limit of {maxBytes / (1 << 20)} MiB (`wirecase serve --max-upload-mb`); put it in the served folder instead.", 413);
                        }
                        await file.WriteAsync(buffer.AsMemory(0, n), cancel).ConfigureAwait(false);
                    }
                }
                if (written == 0)
                {
                    File.Delete(path);
                    return Refused($"{name} is empty.", 400);
                }
                return new Upload(name, path, null, 200);
            }
            return Refused("Choose a capture file to upload.", 400);
        }
        catch (OperationCanceledException)
        {
            if (path is not null) File.Delete(path);   // the client went away mid-upload
            throw;
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or InvalidDataException)
        {
            if (path is not null) File.Delete(path);
            bool tooLarge = e is BadHttpRequestException { StatusCode: 413 };
            return tooLarge
                ? Refused($"The upload is larger than the limit of {maxBytes / (1 << 20)} MiB.", 413)
                : Refused($"The upload was not received completely: {e.Message}", 400);
        }
    }

    private static Upload Refused(string message, int status) => new(null, null, message, status);

    /// <summary>The name with anything but letters, digits, dot, dash and underscore replaced.</summary>
    private static string Safe(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
}
