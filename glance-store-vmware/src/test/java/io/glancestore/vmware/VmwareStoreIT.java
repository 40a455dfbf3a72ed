package io.glancestore.vmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.UserSession;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.SessionManager;
import io.glancestore.AddResult;
import io.glancestore.Capability;
import io.glancestore.ImageData;
import io.glancestore.exception.AuthorizationFailureException;
import io.glancestore.exception.BadStoreConfigurationException;
import io.glancestore.exception.NotFoundException;
import io.glancestore.exception.RemoteServiceUnavailableException;
import io.glancestore.exception.StoreAddDisabledException;
import io.glancestore.spi.StoreDriver;
import io.glancestore.spi.StoreOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** What is particular to the vmware store, checked in vcsim's datastore folders. */
class VmwareStoreIT {

    private final VcsimServer vcsim = VcsimServer.get();

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private Path imageFile(String datastore, String id) {
        return vcsim.datastoreDir(datastore).resolve("openstack_glance").resolve(id);
    }

    @Test
    void anImageIsAFileInTheDatastoreFolderAtGlanceStoresLocation() throws Exception {
        String ds = vcsim.datastore(0);
        try (VmwareStore store = vcsim.store().datastore(vcsim.datacenter(), ds, 0).build()) {
            String id = UUID.randomUUID().toString();
            byte[] data = bytes(3 << 20, 1);

            AddResult added = store.add(id, new ByteArrayInputStream(data), data.length);

            assertThat(added.location()).isEqualTo("vsphere://" + vcsim.host() + "/folder/openstack_glance/" + id
                    + "?dsName=" + ds + "&dcPath=" + vcsim.datacenter());
            assertThat(Files.readAllBytes(imageFile(ds, id))).isEqualTo(data);
            try (Stream<Path> files = Files.list(imageFile(ds, id).getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
            }
        }
    }

    @Test
    void theHighestWeightWins() throws Exception {
        String low = vcsim.datastore(0);
        String high = vcsim.datastore(1);
        try (VmwareStore store = vcsim.store().datastore(vcsim.datacenter(), low, 10)
                .datastore(vcsim.datacenter(), high, 100).build()) {
            String id = UUID.randomUUID().toString();
            String location = store.add(id, new ByteArrayInputStream(new byte[100]), 100).location();

            assertThat(location).contains("dsName=" + high);
            assertThat(imageFile(high, id)).exists();
            assertThat(imageFile(low, id)).doesNotExist();
        }
    }

    @Test
    void deleteRemovesTheFileThroughTheFileManager() throws Exception {
        String ds = vcsim.datastore(0);
        try (VmwareStore store = vcsim.store().datastore(vcsim.datacenter(), ds, 0).build()) {
            String id = UUID.randomUUID().toString();
            String location = store.add(id, new ByteArrayInputStream(new byte[10]), 10).location();
            assertThat(imageFile(ds, id)).exists();

            store.delete(location);

            assertThat(imageFile(ds, id)).doesNotExist();
            assertThatThrownBy(() -> store.delete(location)).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aFileGlanceWroteIsReadWithRanges() throws Exception {
        String ds = vcsim.datastore(1);
        String id = UUID.randomUUID().toString();
        byte[] data = bytes(1 << 20, 2);
        Path file = imageFile(ds, id);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        String location = "vsphere://" + vcsim.host() + "/folder/openstack_glance/" + id + "?dcPath="
                + vcsim.datacenter() + "&dsName=" + ds;
        try (VmwareStore store = vcsim.store().build()) {
            assertThat(store.size(location)).isEqualTo(data.length);
            try (ImageData image = store.get(location, 1000, 5000)) {
                assertThat(image.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 6000));
            }
        }
    }

    @Test
    void withoutDatastoresTheStoreIsReadOnly() {
        try (VmwareStore store = vcsim.store().build()) {
            assertThat(store.capabilities()).doesNotContain(Capability.WRITE_ACCESS).contains(Capability.READ_RANDOM);
            assertThatThrownBy(() -> store.add(UUID.randomUUID().toString(), InputStream.nullInputStream(), 0))
                    .isInstanceOf(StoreAddDisabledException.class);
        }
    }

    @Test
    void aDatastoreThatDoesNotExistIsABadConfiguration() {
        assertThatThrownBy(() -> vcsim.store().datastore(vcsim.datacenter(), "NoSuchDS", 0).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("NoSuchDS");
        assertThatThrownBy(() -> vcsim.store().datastore("NoSuchDC", vcsim.datastore(0), 0).build())
                .isInstanceOf(BadStoreConfigurationException.class).hasMessageContaining("NoSuchDC");
    }

    @Test
    void theConnectionCheckLogsInAndMeasuresEveryDatastore() throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("vmware_server_host", vcsim.host(),
                "vmware_server_username", vcsim.user(), "vmware_server_password", vcsim.password(),
                "vmware_ca_file", vcsim.caFile().toString(), "vmware_datastores",
                vcsim.datacenter() + ":" + vcsim.datastore(0) + ":10\n" + vcsim.datacenter() + ":" + vcsim.datastore(1)));
        VmwareStoreProvider provider = new VmwareStoreProvider();
        try (StoreDriver driver = provider.create(StoreOptions.of("vc", "test", options))) {
            assertThat(driver.checkConnection()).startsWith("vSphere at " + vcsim.host())
                    .contains("datastore " + vcsim.datacenter() + ":" + vcsim.datastore(0) + " (")
                    .contains("datastore " + vcsim.datacenter() + ":" + vcsim.datastore(1) + " (")
                    .endsWith("MiB free)");
        }
        options.remove("vmware_datastores");
        try (StoreDriver driver = provider.create(StoreOptions.of("vc", "test", options))) {
            assertThat(driver.checkConnection()).endsWith("no datastores: read-only");
        }
        options.put("vmware_server_password", "wrong-password-456");
        assertThatThrownBy(() -> provider.create(StoreOptions.of("vc", "test", options)).close())
                .isInstanceOf(AuthorizationFailureException.class).hasMessageNotContaining("wrong-password-456");
    }

    @Test
    void aWrongPasswordIsAnAuthorizationFailureThatDoesNotShowIt() {
        assertThatThrownBy(() -> vcsim.store().password("wrong-password-123").build())
                .isInstanceOf(AuthorizationFailureException.class).hasMessageNotContaining("wrong-password-123");
    }

    @Test
    void anUntrustedCertificateIsRefusedUnlessInsecure() {
        assertThatThrownBy(() -> VmwareStore.builder().host(vcsim.host()).username(vcsim.user())
                .password(vcsim.password()).build()).isInstanceOf(RemoteServiceUnavailableException.class);
        try (VmwareStore store = VmwareStore.builder().host(vcsim.host()).username(vcsim.user())
                .password(vcsim.password()).insecure(true).datastore(vcsim.datacenter(), vcsim.datastore(0), 0)
                .build()) {
            assertThat(store.capabilities()).contains(Capability.WRITE_ACCESS);
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedEvenIfTheJvmTrustsAllNames() {
        HostnameVerifier previous = HttpsURLConnection.getDefaultHostnameVerifier();
        // What yavijava's ignoreCert does to the whole JVM: the store must not inherit it.
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
        try {
            String port = vcsim.host().substring(vcsim.host().lastIndexOf(':') + 1);
            assertThatThrownBy(() -> vcsim.store().host("localhost:" + port).build())
                    .isInstanceOf(RemoteServiceUnavailableException.class)
                    .hasStackTraceContaining("No name matching localhost");
        } finally {
            HttpsURLConnection.setDefaultHostnameVerifier(previous);
        }
    }

    @Test
    void aTerminatedSessionIsReplacedByANewLogin() throws Exception {
        String ds = vcsim.datastore(0);
        try (VmwareStore store = vcsim.store().datastore(vcsim.datacenter(), ds, 0).build()) {
            String id = UUID.randomUUID().toString();
            String location = store.add(id, new ByteArrayInputStream(new byte[10]), 10).location();

            terminateOtherSessions();

            store.delete(location);
            assertThat(imageFile(ds, id)).doesNotExist();
        }
    }

    /** Ends every vSphere session but this admin one, as an expiry or an operator would. */
    private void terminateOtherSessions() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(vcsim.caFile())) {
            trust.setCertificateEntry("vcsim", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        ServiceInstance admin = new ServiceInstance(new URL("https://" + vcsim.host() + "/sdk"), vcsim.user(),
                vcsim.password(), factory.getTrustManagers()[0]);
        try {
            SessionManager sessions = admin.getSessionManager();
            String own = sessions.getCurrentSession().getKey();
            List<String> others = new ArrayList<>();
            for (UserSession session : sessions.getSessionList()) {
                if (!session.getKey().equals(own)) {
                    others.add(session.getKey());
                }
            }
            assertThat(others).isNotEmpty();
            sessions.terminateSession(others.toArray(new String[0]));
        } finally {
            admin.getServerConnection().logout();
        }
    }
}
