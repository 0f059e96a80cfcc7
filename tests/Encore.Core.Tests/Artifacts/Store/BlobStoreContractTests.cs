using Encore.Core.Artifacts.Store;

namespace Encore.Core.Tests.Artifacts.Store;

/// <summary>
/// The behaviour every <see cref="IArtifactBlobStore"/> promises, run against each implementation by a small subclass
/// marked with <see cref="BlobStoreContractAttribute"/> (see <see cref="EveryBlobStoreHasAContractSuite"/>). Each test
/// makes its own locations, so implementations that share a server isolate tests by prefix.
/// </summary>
/// <remarks>Not generic over the store, as the event-store contract is: the stores are internal and xunit's classes public.</remarks>
public abstract class BlobStoreContractTests : IDisposable
{
    private const string File = "similar.parquet";
    private readonly TempDirectory _local = new();
    private readonly List<IArtifactBlobStore> _stores = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over a new, empty location; each <paramref name="name"/> is its own location.</summary>
    /// <param name="name">Tells locations of one test apart.</param>
    private protected abstract IArtifactBlobStore CreateStore(string name);

    [Fact]
    public async Task AnUploadedFileDownloadsByteForByteAndProgressCountsEveryByte()
    {
        var store = Store();
        var (path, digest) = Local("a", Content(10_000, seed: 1), store);
        var uploaded = new Counter();

        await store.UploadAsync(File, path, digest, uploaded, Ct);
        var (found, bytes, downloaded) = await DownloadAsync(store, File);

        Assert.True(found);
        Assert.Equal(Content(10_000, seed: 1), bytes);
        Assert.Equal(10_000, uploaded.Total);
        Assert.Equal(10_000, downloaded);
    }

    [Fact]
    public async Task AnEmptyFileRoundTrips()
    {
        var store = Store();
        var (path, digest) = Local("empty", [], store);

        await store.UploadAsync(File, path, digest, new Counter(), Ct);

        Assert.True(await store.HoldsAsync(File, digest, Ct));
        var (found, bytes, _) = await DownloadAsync(store, File);
        Assert.True(found);
        Assert.Empty(bytes);
    }

    [Fact]
    public async Task AFileOfSeveralPartsRoundTripsAndIsHeld()
    {
        var store = Store();
        var size = HalfParts(store, 5);
        var content = Content(size, seed: 2);
        var (path, digest) = Local("large", content, store);
        var uploaded = new Counter();

        await store.UploadAsync(File, path, digest, uploaded, Ct);

        Assert.True(await store.HoldsAsync(File, digest, Ct));
        var (found, bytes, downloaded) = await DownloadAsync(store, File);
        Assert.True(found);
        Assert.Equal(content, bytes);
        Assert.Equal(size, uploaded.Total);
        Assert.Equal(size, downloaded);
    }

    [Fact]
    public async Task HoldsOnlyAFileThatIsThereWithExactlyThatContent()
    {
        var store = Store();
        var (path, digest) = Local("a", Content(4096, seed: 1), store);
        var (_, sameSizeOtherContent) = Local("b", Content(4096, seed: 2), store);
        var (_, longer) = Local("c", [.. Content(4096, seed: 1), 0], store);

        Assert.False(await store.HoldsAsync(File, digest, Ct));
        await store.UploadAsync(File, path, digest, new Counter(), Ct);

        Assert.True(await store.HoldsAsync(File, digest, Ct));
        Assert.False(await store.HoldsAsync(File, sameSizeOtherContent, Ct));
        Assert.False(await store.HoldsAsync(File, longer, Ct));
        Assert.False(await store.HoldsAsync("other.parquet", digest, Ct));
    }

    [Fact]
    public async Task ADownloadOfAMissingFileReturnsFalseAndWritesNothing()
    {
        var store = Store();
        var (path, digest) = Local("a", Content(100, seed: 1), store);
        await store.UploadAsync("other.parquet", path, digest, new Counter(), Ct);

        var (found, bytes, downloaded) = await DownloadAsync(store, File);

        Assert.False(found);
        Assert.Empty(bytes);
        Assert.Equal(0, downloaded);
    }

    [Fact]
    public async Task AnUploadReplacesAFileOfTheSameName()
    {
        var store = Store();
        var (first, firstDigest) = Local("a", Content(3000, seed: 1), store);
        var (second, secondDigest) = Local("b", Content(2000, seed: 2), store);

        await store.UploadAsync(File, first, firstDigest, new Counter(), Ct);
        await store.UploadAsync(File, second, secondDigest, new Counter(), Ct);

        Assert.True(await store.HoldsAsync(File, secondDigest, Ct));
        Assert.False(await store.HoldsAsync(File, firstDigest, Ct));
        Assert.Equal(Content(2000, seed: 2), (await DownloadAsync(store, File)).Bytes);
    }

    [Fact]
    public async Task DeleteRemovesOnlyThatFileAndIgnoresAFileThatIsNotThere()
    {
        var store = Store();
        var (path, digest) = Local("a", Content(100, seed: 1), store);
        await store.UploadAsync(File, path, digest, new Counter(), Ct);
        await store.UploadAsync("kept.parquet", path, digest, new Counter(), Ct);

        await store.DeleteAsync(File, Ct);
        await store.DeleteAsync(File, Ct);
        await store.DeleteAsync("never-there.parquet", Ct);

        Assert.False(await store.HoldsAsync(File, digest, Ct));
        Assert.False((await DownloadAsync(store, File)).Found);
        Assert.True(await store.HoldsAsync("kept.parquet", digest, Ct));
    }

    [Fact]
    public async Task AnUploadThatDoesNotMatchItsDigestFailsNamingTheFileAndIsNotHeld()
    {
        // What stays at the name after the failure is the implementation's (a folder keeps the old file; S3 keeps it
        // only where the server checks Content-MD5, which s3rver does not), but never the claimed content.
        var store = Store();
        var (before, beforeDigest) = Local("a", Content(3000, seed: 1), store);
        var (damaged, _) = Local("b", Content(3000, seed: 2), store);
        var (_, claimed) = Local("c", Content(3000, seed: 3), store);
        await store.UploadAsync(File, before, beforeDigest, new Counter(), Ct);

        var error = await Assert.ThrowsAsync<EncoreException>(() => store.UploadAsync(File, damaged, claimed, new Counter(), Ct));

        Assert.Contains(store.Describe(File), error.Message, StringComparison.Ordinal);
        Assert.False(await store.HoldsAsync(File, claimed, Ct));
    }

    [Fact]
    public async Task AMultipartUploadThatDoesNotMatchItsDigestFailsNamingTheFileAndIsNotHeld()
    {
        var store = Store();
        var size = HalfParts(store, 3);
        var (damaged, _) = Local("b", Content(size, seed: 2), store);
        var (_, claimed) = Local("c", Content(size, seed: 3), store);

        var error = await Assert.ThrowsAsync<EncoreException>(() => store.UploadAsync(File, damaged, claimed, new Counter(), Ct));

        Assert.Contains(store.Describe(File), error.Message, StringComparison.Ordinal);
        Assert.False(await store.HoldsAsync(File, claimed, Ct));
    }

    [Fact]
    public async Task LocationsDoNotSeeEachOthersFiles()
    {
        var one = Store("one");
        var two = Store("two");
        var (path, digest) = Local("a", Content(100, seed: 1), one);

        await one.UploadAsync(File, path, digest, new Counter(), Ct);
        await two.DeleteAsync(File, Ct);

        Assert.False(await two.HoldsAsync(File, digest, Ct));
        Assert.False((await DownloadAsync(two, File)).Found);
        Assert.True(await one.HoldsAsync(File, digest, Ct));
        Assert.NotEqual(one.Describe(File), two.Describe(File));
    }

    [Fact]
    public async Task AccessChecksPassForALocationThatHoldsFiles()
    {
        var store = Store();
        await store.CheckAccessAsync(forWriting: true, Ct);
        var (path, digest) = Local("a", Content(100, seed: 1), store);
        await store.UploadAsync(File, path, digest, new Counter(), Ct);

        await store.CheckAccessAsync(forWriting: true, Ct);
        await store.CheckAccessAsync(forWriting: false, Ct);
    }

    [Fact]
    public void DescribeNamesTheFile()
    {
        var store = Store();

        Assert.EndsWith("/" + File, store.Describe(File).Replace('\\', '/'), StringComparison.Ordinal);
        Assert.NotEqual(store.Describe(File), store.Describe("manifest.json"));
    }

    [Fact]
    public async Task ACancelledTransferThrowsOperationCanceled()
    {
        var store = Store();
        var (path, digest) = Local("a", Content(100, seed: 1), store);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.UploadAsync(File, path, digest, new Counter(), cancelled.Token));
        Assert.False(await store.HoldsAsync(File, digest, Ct));
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the stores and local files of the test; subclasses add what they made.</summary>
    /// <param name="disposing">False from a finalizer (there is none).</param>
    protected virtual void Dispose(bool disposing)
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _local.Dispose();
    }

    private static byte[] Content(int bytes, int seed)
    {
        var content = new byte[bytes];
        new Random(seed).NextBytes(content);
        return content;
    }

    /// <summary>
    /// <paramref name="halves"/> half parts, in bytes, where uploads are split (the S3 tests use 1 MiB parts), and as
    /// many half MiBs where files go whole: the last part is a short one.
    /// </summary>
    private static int HalfParts(IArtifactBlobStore store, int halves) =>
        checked((int)(Math.Min(store.PartSizeBytes, 1 << 20) / 2 * halves));

    private static async Task<(bool Found, byte[] Bytes, long Progress)> DownloadAsync(IArtifactBlobStore store, string file)
    {
        using var destination = new MemoryStream();
        var progress = new Counter();
        var found = await store.TryDownloadAsync(file, destination, progress, Ct);
        return (found, destination.ToArray(), progress.Total);
    }

    private IArtifactBlobStore Store(string name = "remote")
    {
        var store = CreateStore(name);
        _stores.Add(store);
        var declared = GetType().GetCustomAttributes(typeof(BlobStoreContractAttribute), inherit: false).Cast<BlobStoreContractAttribute>().Single();
        Assert.IsType(declared.Store, store);
        return store;
    }

    private (string Path, FileDigest Digest) Local(string name, byte[] content, IArtifactBlobStore store)
    {
        var path = _local.Combine(name);
        System.IO.File.WriteAllBytes(path, content);
        return (path, FileDigest.Compute(path, store.PartSizeBytes));
    }

    /// <summary>Adds up reports as they come (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
    private sealed class Counter : IProgress<long>
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Report(long value) => Interlocked.Add(ref _total, value);
    }
}

/// <summary>Names the <see cref="IArtifactBlobStore"/> a subclass of <see cref="BlobStoreContractTests"/> runs the contract against.</summary>
/// <param name="store">The implementation's type.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class BlobStoreContractAttribute(Type store) : Attribute
{
    public Type Store { get; } = store;
}
