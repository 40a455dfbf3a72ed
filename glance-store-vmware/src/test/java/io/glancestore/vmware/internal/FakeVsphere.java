package io.glancestore.vmware.internal;

import io.glancestore.exception.NotFoundException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A vSphere API session without a server: cookies named by login number, calls recorded. */
final class FakeVsphere implements VsphereApi {

    final AtomicInteger logins = new AtomicInteger(1);
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long freeSpace = Long.MAX_VALUE / 2;
    /** Free space by datastore name, where set. */
    final java.util.Map<String, Long> freeByDatastore = new java.util.concurrent.ConcurrentHashMap<>();

    static String cookieOf(int login) {
        return "vmware_soap_session=\"session-" + login + "\"";
    }

    @Override
    public VsphereSession.Cookie cookie() {
        int login = logins.get();
        return new VsphereSession.Cookie(new Secret(cookieOf(login)), login);
    }

    @Override
    public void renew(VsphereSession.Cookie stale) {
        logins.compareAndSet((int) stale.generation(), (int) stale.generation() + 1);
        calls.add("renew");
    }

    @Override
    public long freeSpace(DatastoreSpec spec) {
        return freeByDatastore.getOrDefault(spec.datastoreName(), freeSpace);
    }

    @Override
    public void deleteFile(String datacenterPath, String datastorePath) {
        calls.add("delete " + datastorePath);
        throw new NotFoundException("no such file");
    }

    @Override
    public void moveFile(String datacenterPath, String from, String to) {
        calls.add("move " + from + " -> " + to);
    }

    @Override
    public void close() {
    }
}
