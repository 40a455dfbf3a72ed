package io.glancestore.vmware.internal;

import com.vmware.vim25.FileAlreadyExists;
import com.vmware.vim25.FileNotFound;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.mo.Datacenter;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ServerConnection;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.ws.Client;
import com.vmware.vim25.ws.WSClient;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BackendException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.DuplicateException;
import io.glancestore.exception.GlanceStoreException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URL;
import java.rmi.RemoteException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vSphere API session of a store, through yavijava: login, the session cookie the data
 * transfers carry, datacenter and datastore lookups, and the FileManager tasks (delete, move).
 * A lost session ({@code NotAuthenticated}, or a 401 seen by the data path) is replaced by a new
 * login, at most {@code vmware_api_retry_count} times per call.
 */
public final class VsphereSession implements VsphereApi {

    private static final Logger LOG = LoggerFactory.getLogger(VsphereSession.class);
    private static final ManagedObjectReference SERVICE_INSTANCE = mor("ServiceInstance", "ServiceInstance");
    /** The JVM option yavijava needs, as users must write it. */
    public static final String ADD_OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private final VmwareStoreConfig config;
    private final TlsSettings tls;
    private final Map<String, ManagedObjectReference> datacenters = new ConcurrentHashMap<>();
    private volatile Connected current;
    private long generation;

    /** One logged-in connection. */
    private record Connected(ServiceInstance instance, Secret cookie, long generation) {
    }

    /**
     * A session's cookie and the login it belongs to.
     *
     * @param value the {@code vmware_soap_session} cookie as the Cookie header carries it
     * @param generation which login it came from, to hand back to {@link #renew}
     */
    public record Cookie(Secret value, long generation) {
    }

    /**
     * Creates a session; it logs in at once.
     *
     * @param config the store's configuration
     * @param tls the store's TLS trust
     * @throws BadStoreConfigurationException if the JVM lacks the option yavijava needs, or the
     *     class path the log4j 1.2 API it logs through
     * @throws AuthorizationFailureException if the credentials are refused
     * @throws RemoteServiceUnavailableException if the server cannot be reached
     */
    public VsphereSession(VmwareStoreConfig config, TlsSettings tls) {
        this.config = config;
        this.tls = tls;
        checkJvmOptions();
        checkLog4jApi();
        this.current = login();
    }

    /**
     * Fails unless java.lang is open to yavijava, which maps SOAP faults by reflection and
     * otherwise reports every fault as "Could not map the soap fault".
     */
    static void checkJvmOptions() {
        Module yavijava = WSClient.class.getModule();
        if (!Object.class.getModule().isOpen("java.lang", yavijava)) {
            throw new BadStoreConfigurationException("the vmware store needs the JVM option '" + ADD_OPENS
                    + "'" + (yavijava.isNamed() ? " (with =" + yavijava.getName() + " on the module path)" : "")
                    + ": yavijava reads vSphere faults by reflection into java.lang");
        }
    }

    /**
     * Fails unless the log4j 1.2 API that yavijava logs through is on the class path. The
     * application chooses who provides it: this library ships no logging bridge.
     */
    static void checkLog4jApi() {
        try {
            Class.forName("org.apache.log4j.Logger", false, WSClient.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new BadStoreConfigurationException("the vmware store needs the log4j 1.2 API that yavijava logs"
                    + " through: add org.slf4j:log4j-over-slf4j (to log through SLF4J) or ch.qos.reload4j:reload4j");
        }
    }

    private synchronized Connected login() {
        try {
            URL url = new URL(config.sdkUrl());
            Client client = new SoapClient(url.toString(), tls);
            int timeout = (int) Math.min(Integer.MAX_VALUE, config.httpTimeout().toMillis());
            client.setConnectTimeout(timeout);
            client.setReadTimeout(timeout);
            client.setVimNameSpace(ServiceInstance.VIM25_NAMESPACE);
            VimPortType vim = new VimPortType(client);
            ServiceContent content = vim.retrieveServiceContent(SERVICE_INSTANCE);
            client.setSoapActionOnApiVersion(content.getAbout().getApiVersion());
            // ServerConnection's link back to its ServiceInstance is package-private: the first
            // instance serves as that link for the second, through which everything is done.
            ServiceInstance first = new ServiceInstance(new ServerConnection(url, vim, null));
            ServiceInstance instance = new ServiceInstance(new ServerConnection(url, vim, first));
            instance.getSessionManager().login(config.username(), config.password().reveal(), null);
            String cookie = client.getCookie();
            if (cookie == null || cookie.isEmpty()) {
                throw new BackendException("vSphere login at " + config.host() + " returned no session cookie");
            }
            generation++;
            LOG.debug("logged in to {} as {} (session {})", config.host(), config.username(), generation);
            return new Connected(instance, new Secret(cookie), generation);
        } catch (InvalidLogin e) {
            throw new AuthorizationFailureException("vSphere at " + config.host() + " refused the login of user '"
                    + config.username() + "'");
        } catch (IOException e) {
            throw unavailable("logging in to vSphere at " + config.host(), e);
        }
    }

    /**
     * The current session cookie.
     *
     * @return the cookie
     */
    @Override
    public Cookie cookie() {
        Connected c = current;
        return new Cookie(c.cookie(), c.generation());
    }

    /**
     * Replaces the session the cookie came from with a new login, unless another thread did
     * already.
     *
     * @param stale the cookie that was refused
     */
    @Override
    public synchronized void renew(Cookie stale) {
        if (current.generation() == stale.generation()) {
            LOG.info("vSphere session at {} expired: logging in again", config.host());
            Connected old = current;
            current = login();
            logout(old);
        }
    }

    /**
     * Checks that a datastore exists.
     *
     * @param spec the datastore
     * @throws NotFoundException if the datacenter or datastore does not exist
     */
    public void checkDatastore(DatastoreSpec spec) {
        freeSpace(spec);
    }

    /**
     * The free space of a datastore, as its summary reports it now.
     *
     * @param spec the datastore
     * @return bytes free
     * @throws NotFoundException if the datacenter or datastore does not exist
     */
    @Override
    public long freeSpace(DatastoreSpec spec) {
        return call("reading the summary of datastore " + spec.datastoreName(), c -> {
            for (Datastore ds : datacenter(c, spec.datacenterPath()).getDatastores()) {
                if (spec.datastoreName().equals(ds.getName())) {
                    return ds.getSummary().getFreeSpace();
                }
            }
            throw new NotFoundException("no datastore '" + spec.datastoreName() + "' in datacenter '"
                    + spec.datacenterPath() + "'");
        });
    }

    /**
     * Deletes a datastore file with the FileManager.
     *
     * @param datacenterPath the datacenter
     * @param datastorePath {@code [<datastore>] <path>}
     * @throws NotFoundException if there is no such file
     */
    @Override
    public void deleteFile(String datacenterPath, String datastorePath) {
        call("deleting " + datastorePath, c -> {
            Datacenter dc = datacenter(c, datacenterPath);
            Task task = c.instance().getFileManager().deleteDatastoreFile_Task(datastorePath, dc);
            await(task, "deleting " + datastorePath);
            return null;
        });
    }

    /**
     * Renames a datastore file with the FileManager, refusing to replace an existing one.
     *
     * @param datacenterPath the datacenter of both
     * @param from {@code [<datastore>] <path>}
     * @param to {@code [<datastore>] <path>}
     * @throws DuplicateException if {@code to} exists
     */
    @Override
    public void moveFile(String datacenterPath, String from, String to) {
        call("moving " + from + " to " + to, c -> {
            Datacenter dc = datacenter(c, datacenterPath);
            Task task = c.instance().getFileManager().moveDatastoreFile_Task(from, dc, to, dc, false);
            await(task, "moving " + from + " to " + to);
            return null;
        });
    }

    /** The datacenter at an inventory path, bound to the connection {@code c}. */
    private Datacenter datacenter(Connected c, String path) throws RemoteException {
        ManagedObjectReference known = datacenters.get(path);
        if (known != null) {
            return new Datacenter(c.instance().getServerConnection(), known);
        }
        ManagedEntity entity = c.instance().getSearchIndex().findByInventoryPath(path);
        if (!(entity instanceof Datacenter)) {
            throw new NotFoundException("no datacenter at inventory path '" + path + "'");
        }
        datacenters.put(path, entity.getMOR());
        return (Datacenter) entity;
    }

    private void await(Task task, String what) throws RemoteException {
        long sleep = 20;
        long maxSleep = config.taskPollInterval().toMillis();
        while (true) {
            TaskInfo info = task.getTaskInfo();
            TaskInfoState state = info.getState();
            if (state == TaskInfoState.success) {
                return;
            }
            if (state == TaskInfoState.error) {
                LocalizedMethodFault error = info.getError();
                MethodFault fault = error == null ? null : error.getFault();
                if (fault != null) {
                    throw fault;
                }
                throw new BackendException(what + " failed: "
                        + (error == null ? "no reason given" : error.getLocalizedMessage()));
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while " + what, e);
            }
            sleep = Math.min(maxSleep, sleep * 2);
        }
    }

    /** A vSphere API call that may throw yavijava's faults. */
    @FunctionalInterface
    private interface Call<T> {
        T run(Connected c) throws RemoteException;
    }

    private <T> T call(String what, Call<T> call) {
        for (int attempt = 1;; attempt++) {
            Connected c = current;
            try {
                return call.run(c);
            } catch (NotAuthenticated e) {
                if (attempt >= config.apiRetryCount()) {
                    throw new AuthorizationFailureException(what + ": the vSphere session was refused "
                            + attempt + " times");
                }
                renew(new Cookie(c.cookie(), c.generation()));
            } catch (FileNotFound e) {
                throw new NotFoundException(what + ": no such file");
            } catch (FileAlreadyExists e) {
                throw new DuplicateException(what + ": the file exists already");
            } catch (MethodFault e) {
                throw new BackendException(what + " failed: " + faultName(e));
            } catch (RemoteException e) {
                throw unavailable(what, e);
            }
        }
    }

    private static String faultName(MethodFault fault) {
        return fault.getClass().getSimpleName();
    }

    private static GlanceStoreException unavailable(String what, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return new BackendException(what + ": interrupted", e);
        }
        if (e.getMessage() != null && e.getMessage().contains("Could not map the soap fault")) {
            return new BadStoreConfigurationException(what + ": yavijava could not read a vSphere fault; "
                    + "the JVM needs '" + ADD_OPENS + "'", e);
        }
        return new RemoteServiceUnavailableException(what + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
    }

    private static void logout(Connected c) {
        try {
            c.instance().getSessionManager().logout();
        } catch (RemoteException | RuntimeException e) {
            LOG.debug("logging out of an old vSphere session failed: {}", e.toString());
        }
    }

    private static ManagedObjectReference mor(String type, String value) {
        ManagedObjectReference mor = new ManagedObjectReference();
        mor.setType(type);
        mor.setVal(value);
        return mor;
    }

    /** Logs out. */
    @Override
    public synchronized void close() {
        logout(current);
    }

    @Override
    public String toString() {
        return "VsphereSession{" + config.username() + "@" + config.host() + "}";
    }
}
