using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Encore.Core.Artifacts.Store;

/// <summary>Turns the SDK's exceptions into one line a user can act on: what failed, where, and what to check.</summary>
internal static class S3Errors
{
    /// <summary>
    /// The message for <paramref name="error"/> raised while working on <paramref name="target"/> (an s3:// URL), or
    /// null when it is not an S3 or network failure (a bug, or a cancellation, to propagate as is).
    /// </summary>
    public static string? Describe(Exception error, string target, string bucket, string endpoint, CancellationToken cancellationToken)
    {
        if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (error is AmazonServiceException service && service.ErrorCode is { Length: > 0 } code)
        {
            return code switch
            {
                "NoSuchBucket" => $"{target}: bucket '{bucket}' does not exist at {endpoint} (NoSuchBucket).",
                "InvalidAccessKeyId" =>
                    $"{target}: the access key id is not known to {endpoint} (InvalidAccessKeyId); check AWS_ACCESS_KEY_ID or the profile's aws_access_key_id.",
                "SignatureDoesNotMatch" =>
                    $"{target}: the secret access key does not match the access key id (SignatureDoesNotMatch at {endpoint}); " +
                    "check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key.",
                "AccessDenied" or "AllAccessDisabled" => $"{target}: access denied ({code}); the credentials lack permission for bucket '{bucket}'.",
                "InvalidToken" or "ExpiredToken" => $"{target}: the session token is invalid or expired ({code}); refresh AWS_SESSION_TOKEN.",
                _ => $"{target}: S3 error {code} (HTTP {(int)service.StatusCode}) at {endpoint}: {service.Message}",
            };
        }

        if (Find<HttpRequestException>(error) is { } http)
        {
            return $"{target}: cannot reach S3 endpoint {endpoint}: {(Find<SocketException>(error)?.Message ?? http.Message)}";
        }

        if (Find<SocketException>(error) is { } socket)
        {
            return $"{target}: cannot reach S3 endpoint {endpoint}: {socket.Message}";
        }

        if (error is OperationCanceledException or TimeoutException)
        {
            return $"{target}: S3 endpoint {endpoint} did not answer in time.";
        }

        if (error is AmazonServiceException { StatusCode: HttpStatusCode.Forbidden })
        {
            return $"{target}: access denied (HTTP 403) at {endpoint}; check the credentials and their permissions.";
        }

        return error is AmazonClientException or AmazonServiceException ? $"{target}: {error.Message}" : null;
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
